import { BadUserInputError, requireText } from '@jwh/platform';
import { STAFF_POST_KINDS, STAFF_ROLES } from '../models/staff-member.model.js';
import { GRID_LEVELS } from '../models/grid.model.js';

/**
 * The rules of the street's structure (communities, grids, staff), as pure functions: the
 * administration mutations and the demo generator both call them, so the demo cannot hold what the
 * mutations refuse. Each throws BAD_USER_INPUT naming the field it was given.
 */

/** What the rules need of a grid. */
export interface GridFacts {
  _id: unknown;
  communityId: unknown;
  level: string;
  parentId?: unknown;
  retiredAt?: Date | null;
}

type StaffRole = (typeof STAFF_ROLES)[number];
type PostKind = (typeof STAFF_POST_KINDS)[number];

/** A community's name (社区名称): 2–40 characters. */
export const checkCommunityName = (name: string | null | undefined, field: string): string => requireText(name, field, 2, 40);

/** A grid's name (网格名称): 2–40 characters. */
export const checkGridName = (name: string | null | undefined, field: string): string => requireText(name, field, 2, 40);

/** A staff member's name: 2–20 characters. */
export const checkStaffName = (name: string | null | undefined, field: string): string => requireText(name, field, 2, 20);

/** Why something changed (a split, a merge, a leave): 2–200 characters. */
export const checkReason = (reason: string | null | undefined, field: string): string => requireText(reason, field, 2, 200);

/** A mobile number (13812345678) or a landline with its area code (027-87654321, 02787654321). */
const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/** A public duty phone (值班电话): a mainland mobile number or a landline with its area code; spaces are dropped. */
export function checkDutyPhone(phone: string | null | undefined, field: string): string {
  const value = (phone ?? '').replace(/\s+/g, '');
  if (!PHONE.test(value))
    throw new BadUserInputError(field, '须为手机号或带区号的固定电话 (a mobile number or a landline with its area code)');
  return value;
}

export function checkStaffRole(role: string, field: string): StaffRole {
  if (!(STAFF_ROLES as readonly string[]).includes(role)) throw new BadUserInputError(field, '未知的岗位 (unknown role)');
  return role as StaffRole;
}

/** The kinds of post a member may hold, without repeats. */
export function checkPostKinds(kinds: readonly string[] | null | undefined, field: string): PostKind[] {
  const out = [...new Set(kinds ?? [])];
  for (const k of out)
    if (!(STAFF_POST_KINDS as readonly string[]).includes(k)) throw new BadUserInputError(field, '未知的岗位类型 (unknown post kind)');
  return out as PostKind[];
}

/**
 * The level of grid each role works in: a secretary or committee member heads big grids (网格长),
 * grid workers and social workers work in small grids.
 */
export const GRID_LEVEL_OF_ROLE: Record<StaffRole, (typeof GRID_LEVELS)[number]> = {
  SECRETARY: 'BIG',
  COMMITTEE_MEMBER: 'BIG',
  GRID_WORKER: 'SMALL',
  SOCIAL_WORKER: 'SMALL',
};

/**
 * The grids of a staff member: each of its community, in use, of the level its role works in, at
 * most 20 and no repeats. `grids` holds what was found for each of `ids`, in order (null: unknown).
 */
export function checkStaffGrids(
  role: StaffRole,
  communityId: unknown,
  ids: readonly string[],
  grids: readonly (GridFacts | null | undefined)[],
  field: string,
): string[] {
  if (ids.length > 20) throw new BadUserInputError(field, '最多 20 个网格 (at most 20 grids)');
  if (new Set(ids).size !== ids.length) throw new BadUserInputError(field, '网格重复 (a grid is listed twice)');
  const level = GRID_LEVEL_OF_ROLE[role];
  ids.forEach((id, i) => {
    const g = grids[i];
    if (!g || String(g.communityId) !== String(communityId) || g.retiredAt)
      throw new BadUserInputError(`${field}[${i}]`, '不是本社区的网格 (not a grid of this community)');
    if (g.level !== level)
      throw new BadUserInputError(
        `${field}[${i}]`,
        level === 'SMALL'
          ? '网格员和社工只负责小网格 (grid and social workers work in small grids)'
          : '书记和委员只担任大网格的网格长 (secretaries and committee members head big grids)',
      );
  });
  return [...ids];
}

/**
 * Where a new grid goes: a big grid has no parent; a small grid's parent is a big grid of the same
 * community, in use.
 */
export function checkGridPlacement(
  level: string,
  communityId: unknown,
  parent: GridFacts | null | undefined,
  parentGiven: boolean,
  field: string,
): void {
  if (!(GRID_LEVELS as readonly string[]).includes(level)) throw new BadUserInputError('input.level', '未知的网格级别 (unknown level)');
  if (level === 'BIG') {
    if (parentGiven) throw new BadUserInputError(field, '大网格没有上级网格 (a big grid has no parent)');
    return;
  }
  if (!parentGiven) throw new BadUserInputError(field, '小网格须指明所属大网格 (a small grid names its big grid)');
  if (!parent || parent.level !== 'BIG' || String(parent.communityId) !== String(communityId) || parent.retiredAt)
    throw new BadUserInputError(field, '须为本社区的大网格 (must be a big grid of the same community)');
}

/** The names in use among a community's grids must stay unique: `name` is free unless a grid in use has it. */
export function gridNameTaken<G extends { name: string; retiredAt?: Date | null; _id: unknown }>(
  grids: readonly G[],
  name: string,
  except?: unknown,
): G | undefined {
  return grids.find((g) => g.name === name && !g.retiredAt && String(g._id) !== String(except ?? ''));
}
