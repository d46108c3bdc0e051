import { allOf, rowScope } from '@jwh/platform';
import type { Context } from '../context.js';
import type { GridDoc, StaffMemberDoc } from '../models/index.js';
import { inCommunityScope } from '../policy.js';
import { requireId } from './validate.js';

/** The active staff of a community the viewer may see, by role and name (members who left are kept, not listed). */
export async function listStaffMembers(ctx: Context, communityId: string) {
  requireId(communityId, 'communityId');
  const staff = await ctx.models.StaffMember.find(allOf(rowScope(ctx.viewer, inCommunityScope), { communityId }))
    .sort({ role: 1, name: 1 })
    .lean()
    .exec();
  return staff.filter((s) => !s.leftAt);
}

/** The grids a staff member works in (one batched read; a grid since removed is left out). */
export async function staffGrids(ctx: Context, staff: StaffMemberDoc): Promise<GridDoc[]> {
  const grids = await ctx.loaders.grid.loadMany(staff.gridIds.map(String));
  return grids.filter((g): g is GridDoc => Boolean(g) && !(g instanceof Error));
}

/** Households in the grids a staff member works in (网格员所管户数), from the grids' read-model counts. */
export async function staffHouseholdCount(ctx: Context, staff: StaffMemberDoc): Promise<number> {
  return (await staffGrids(ctx, staff)).reduce((sum, g) => sum + g.householdCount, 0);
}
