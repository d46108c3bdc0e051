import { allOf, BadUserInputError, findPage, isObjectId, rowScope, type PageArgs } from '@jwh/shared';
import dayjs from 'dayjs';
import type { FilterQuery } from 'mongoose';
import { todayInShanghai, type ElderTier } from './age.js';
import type { Context } from '../context.js';
import { HUKOU, RESIDENT_TAGS, type ResidentDoc } from '../models/resident.model.js';
import { residentScope } from '../policy.js';

export interface ResidentFilter {
  namePrefix?: string | null;
  tag?: string | null;
  elderTier?: ElderTier | null;
  gridId?: string | null;
  communityId?: string | null;
  hukou?: string | null;
}

const TIER_FLOOR: Record<string, number> = { AGE_60: 60, AGE_70: 70, AGE_80: 80, AGE_90: 90 };

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Validates a resident filter and turns it into a database filter. */
export function residentFilter(filter: ResidentFilter | null | undefined): FilterQuery<ResidentDoc> {
  const q: FilterQuery<ResidentDoc> = {};
  if (!filter) return q;
  if (filter.namePrefix != null) {
    const prefix = filter.namePrefix.trim();
    if (prefix.length < 1 || prefix.length > 20) throw new BadUserInputError('filter.namePrefix', '长度须为 1–20 个字符 (1–20 characters)');
    q.name = { $regex: `^${escapeRegex(prefix)}` };
  }
  if (filter.tag != null) {
    if (!(RESIDENT_TAGS as readonly string[]).includes(filter.tag)) throw new BadUserInputError('filter.tag', 'unknown tag');
    q.tags = filter.tag;
  }
  for (const key of ['gridId', 'communityId'] as const) {
    const value = filter[key];
    if (value == null) continue;
    if (!isObjectId(value)) throw new BadUserInputError(`filter.${key}`, '无效的编号 (invalid id)');
    q[key] = value;
  }
  if (filter.elderTier != null) {
    const floor = TIER_FLOOR[filter.elderTier];
    if (floor === undefined) throw new BadUserInputError('filter.elderTier', 'unknown tier');
    // Age in [floor, floor + 10), or 90 and over: a birth-date range on the index.
    const today = dayjs(todayInShanghai());
    q.birthDate = { $lte: today.subtract(floor, 'year').format('YYYY-MM-DD') };
    if (floor < 90) q.birthDate.$gt = today.subtract(floor + 10, 'year').format('YYYY-MM-DD');
  }
  if (filter.hukou != null) {
    if (!(HUKOU as readonly string[]).includes(filter.hukou)) throw new BadUserInputError('filter.hukou', 'unknown hukou');
    q.hukou = filter.hukou;
  }
  return q;
}

/** Residents the viewer may see (its own grids or community), filtered and paged. */
export function listResidents(ctx: Context, args: PageArgs & { filter?: ResidentFilter | null }) {
  return findPage(ctx.models.Resident, allOf(rowScope(ctx.viewer, residentScope), residentFilter(args.filter)), args);
}

/** Mainland resident ID: 17 digits and a check character. */
export const NATIONAL_ID = /^\d{17}[\dXx]$/;

/**
 * Exact lookup by national ID through its keyed hash, within the viewer's scope. The purpose is
 * required and the lookup itself is written to the access log (it reveals who holds the number).
 */
export async function findByNationalId(ctx: Context, args: { nationalId: string; purpose: string }) {
  if (!NATIONAL_ID.test(args.nationalId.trim())) throw new BadUserInputError('nationalId', '身份证号格式不正确 (18 characters: 17 digits and a check digit or X)');
  const purpose = args.purpose.trim();
  if (purpose.length < 4 || purpose.length > 200) throw new BadUserInputError('purpose', '请说明用途,4–200 个字符 (state the purpose, 4–200 characters)');
  const resident = await ctx.models.Resident.findOne(allOf(rowScope(ctx.viewer, residentScope), { nationalIdHash: ctx.cipher.hash(args.nationalId) }))
    .lean()
    .exec();
  if (resident) await ctx.recordPiiAccess({ residentId: String(resident._id), communityId: String(resident.communityId), field: 'nationalId.lookup', purpose });
  return resident;
}
