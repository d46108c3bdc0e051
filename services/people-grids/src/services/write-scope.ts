import { allOf, BadUserInputError, NotFoundError, rowScope } from '@jwh/platform';
import type { Context } from '../context.js';
import type { CommunityDoc, GridDoc, StaffMemberDoc } from '../models/index.js';
import { communityScope } from '../policy.js';
import { requireId } from './validate.js';

/**
 * The community an administrative write is for: one of the viewer's (a street admin's street, a
 * staff member's own). Any other id answers NOT_FOUND, never revealing that it exists.
 */
export async function communityForWrite(ctx: Context, communityId: string, field: string): Promise<CommunityDoc> {
  const id = requireId(communityId, field);
  const community = await ctx.models.Community.findOne(allOf(rowScope(ctx.viewer, communityScope), { _id: id }))
    .lean<CommunityDoc>()
    .exec();
  if (!community) throw new NotFoundError('community', id);
  return community;
}

/** True when `id` is one of the viewer's communities (the row scope of a document found by id). */
export const inViewerCommunities = (ctx: Context, communityId: unknown): boolean => ctx.viewer.communityIds.includes(String(communityId));

/** A grid of `communityId` (big or small), or BAD_USER_INPUT naming `field`. */
export async function gridOfCommunity(ctx: Context, gridId: string, communityId: unknown, field: string): Promise<GridDoc> {
  requireId(gridId, field);
  const grid = await ctx.loaders.grid.load(gridId);
  if (!grid || String(grid.communityId) !== String(communityId) || (grid as { retiredAt?: Date | null }).retiredAt)
    throw new BadUserInputError(field, '须为本社区在用的网格 (a grid in use of the same community)');
  return grid;
}

/**
 * Whether a staff member is active: not marked as having left (the leave of issue 15 item 2 sets
 * `leftAt`; a record without it is active).
 */
export const isActiveStaff = (staff: StaffMemberDoc): boolean => !(staff as { leftAt?: Date | null }).leftAt;

/** An active staff member of `communityId`, or BAD_USER_INPUT naming `field`. */
export async function activeStaffOf(ctx: Context, staffId: string, communityId: unknown, field: string): Promise<StaffMemberDoc> {
  requireId(staffId, field);
  const staff = await ctx.loaders.staffMember.load(staffId);
  if (!staff || String(staff.communityId) !== String(communityId))
    throw new BadUserInputError(field, '须为本社区的工作人员 (a staff member of the same community)');
  if (!isActiveStaff(staff)) throw new BadUserInputError(field, '该工作人员已离职 (this staff member has left)');
  return staff;
}
