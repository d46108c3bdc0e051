import { allOf, BadUserInputError, findPage, isObjectId, rowScope, type PageArgs } from '@jwh/shared';
import type { Context } from '../context.js';
import { volunteerScope } from '../policy.js';

export const AVAILABILITY = ['WEEKDAY_DAYTIME', 'WEEKDAY_EVENING', 'WEEKEND'] as const;

/** Volunteers by skill, grid and availability, in registration order. */
export function listVolunteers(ctx: Context, args: PageArgs & { skill?: string | null; gridId?: string | null; availability?: string | null }) {
  const filter: Record<string, unknown> = {};
  if (args.gridId != null) {
    if (!isObjectId(args.gridId)) throw new BadUserInputError('gridId', '无效的编号 (invalid id)');
    filter.gridId = args.gridId;
  }
  if (args.availability != null) {
    if (!(AVAILABILITY as readonly string[]).includes(args.availability)) throw new BadUserInputError('availability', AVAILABILITY.join(' | '));
    filter.availability = args.availability;
  }
  if (args.skill != null) {
    const skill = args.skill.trim();
    if (!skill || skill.length > 20) throw new BadUserInputError('skill', '长度须为 1–20 个字符 (1–20 characters)');
    filter.skills = skill;
  }
  return findPage(ctx.models.Volunteer, allOf(rowScope(ctx.viewer, volunteerScope), filter), args);
}
