import { allOf, BadUserInputError, isObjectId, matcher, pageSize, rowScope, rowScopeOrNothing } from '@jwh/platform';
import type { Context } from '../context.js';
import type { QueryVolunteersArgs } from '../__generated__/resolvers-types.js';
import type { VolunteerDoc } from '../models/index.js';
import { residentDataScope } from '../policy.js';
import { pageOf, valuesOf } from '@jwh/platform';

/** When a volunteer can help, with the words staff use for each. */
const AVAILABILITY_NAMES = { WEEKDAY_DAYTIME: '工作日白天', WEEKDAY_EVENING: '工作日晚上', WEEKEND: '周末' } as const;
const AVAILABILITY = Object.keys(AVAILABILITY_NAMES) as (keyof typeof AVAILABILITY_NAMES)[];

/** Whether `value` is an availability (WEEKDAY_DAYTIME …). */
export const isAvailability = (value: string): boolean => AVAILABILITY.includes(value as (typeof AVAILABILITY)[number]);

/** The hint of a wrong availability, Chinese first: `须为 工作日白天、工作日晚上、周末 之一 (WEEKDAY_DAYTIME | …)`. */
export const AVAILABILITY_HINT = `须为 ${Object.values(AVAILABILITY_NAMES).join('、')} 之一 (one of ${AVAILABILITY.join(' | ')})`;

/** Volunteers by skill, grid and availability, in registration order. */
export function listVolunteers(ctx: Context, args: QueryVolunteersArgs) {
  const filter: Record<string, unknown> = {};
  if (args.gridId != null) {
    if (!isObjectId(args.gridId)) throw new BadUserInputError('gridId', '无效的编号 (invalid id)');
    filter.gridId = args.gridId;
  }
  if (args.availability != null) {
    if (!isAvailability(args.availability)) throw new BadUserInputError('availability', AVAILABILITY_HINT);
    filter.availability = args.availability;
  }
  if (args.skill != null) {
    const skill = args.skill.trim();
    if (!skill || skill.length > 20) throw new BadUserInputError('skill', '长度须为 1–20 个字符 (1–20 characters)');
    filter.skills = skill;
  }
  const full = allOf(rowScope(ctx.viewer, residentDataScope), filter);
  return pageOf(ctx.models.Volunteer, full, volunteerBuckets(full), args);
}

/**
 * Equality reads that together hold every volunteer `filter` can match: a grid's volunteers when it
 * names a grid, else each community's (with the skill when it names one), one read per community
 * its row scope allows. Availability is checked on the rows.
 */
function volunteerBuckets(filter: Record<string, unknown>): Record<string, unknown>[] | null {
  const grids = valuesOf(filter.gridId);
  if (grids) return grids.map((gridId) => ({ gridId }));
  const communities = valuesOf(filter.communityId);
  if (!communities) return null;
  const skill = typeof filter.skills === 'string' ? { skills: filter.skills } : {};
  return communities.map((communityId) => ({ communityId, ...skill }));
}

/**
 * A volunteer's points ledger, newest first: only of a volunteer in the viewer's row scope (every
 * way to a volunteer is scoped already; this checks the row it was given, in memory, so a new way
 * cannot open the ledger).
 */
export function pointsHistory(ctx: Context, v: VolunteerDoc, first?: number | null) {
  if (!matcher(rowScopeOrNothing(ctx.viewer, residentDataScope))(v)) return [];
  return ctx.models.PointsEntry.find({ volunteerId: v._id }).sort({ at: -1, _id: -1 }).limit(pageSize(first)).lean().exec();
}

/** A resident's volunteer profile, if registered (and in the viewer's row scope). */
export async function residentVolunteer(ctx: Context, residentId: string): Promise<VolunteerDoc | null> {
  return (await ctx.loaders.volunteerByResident.load(residentId))[0] ?? null;
}
