import { BadUserInputError, findPage, isObjectId, type PageArgs } from '@jwh/shared';
import type { FilterQuery } from 'mongoose';
import type { Context } from '../context.js';
import { HUKOU, RESIDENT_TAGS, type ResidentDoc } from '../models/resident.model.js';

export interface ResidentFilter {
  namePrefix?: string | null;
  tag?: string | null;
  gridId?: string | null;
  communityId?: string | null;
  hukou?: string | null;
}

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
  if (filter.hukou != null) {
    if (!(HUKOU as readonly string[]).includes(filter.hukou)) throw new BadUserInputError('filter.hukou', 'unknown hukou');
    q.hukou = filter.hukou;
  }
  return q;
}

export function listResidents(ctx: Context, args: PageArgs & { filter?: ResidentFilter | null }) {
  return findPage(ctx.models.Resident, residentFilter(args.filter), args);
}
