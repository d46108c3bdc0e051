import { allOf, BadUserInputError, findPage, rowScope, type PageArgs } from '@jwh/shared';
import type { Context } from '../context.js';
import { volunteerScope } from '../policy.js';

/** Volunteers, optionally by skill, in registration order. */
export function listVolunteers(ctx: Context, args: PageArgs & { skill?: string | null }) {
  const filter: Record<string, unknown> = {};
  if (args.skill != null) {
    const skill = args.skill.trim();
    if (!skill || skill.length > 20) throw new BadUserInputError('skill', '长度须为 1–20 个字符 (1–20 characters)');
    filter.skills = skill;
  }
  return findPage(ctx.models.Volunteer, allOf(rowScope(ctx.viewer, volunteerScope), filter), args);
}
