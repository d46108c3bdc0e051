import {
  allOf,
  BadUserInputError,
  decodeCursor,
  connectionOf,
  isObjectId,
  localDate,
  mapReads,
  pageSize,
  requirePurpose,
  rowScope,
  type Connection,
  type WithId,
} from '@jwh/platform';
import type { FilterQuery } from 'mongoose';
import type { QueryResidentByNationalIdArgs, QueryResidentsArgs, ResidentFilter } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import { yearsBefore } from './age.js';
import { ACTIVE_RESIDENT, HUKOU, LIST_BUCKETS, RESIDENT_TAGS, type ResidentDoc } from '../models/resident.model.js';
import { residentScope } from '../policy.js';

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
    const today = localDate();
    q.birthDate = { $lte: yearsBefore(today, floor) };
    if (floor < 90) q.birthDate.$gt = yearsBefore(today, floor + 10);
  }
  if (filter.hukou != null) {
    if (!(HUKOU as readonly string[]).includes(filter.hukou)) throw new BadUserInputError('filter.hukou', 'unknown hukou');
    q.hukou = filter.hukou;
  }
  return q;
}

/** Partitions a resident list reads at once (after the first). */
const PARALLEL_GRIDS = 4;

/**
 * One partition of a list: `key` narrows the read; `count` is what it adds to the total when known
 * (a grid's read-model count stands on its first bucket, 0 on the others); `empty` means known to
 * hold no rows (not read).
 */
type Part = { key: Record<string, unknown>; count: number | null; empty: boolean };

/**
 * A small grid's partitions. Unfiltered (`bucketed`): its list buckets in order, the grid's count (if
 * known) on the first, since each bucket is about a sixteenth of the grid and a page reads one.
 * Filtered (a tag, hukou): the grid whole, since a narrow filter would walk many buckets to fill a
 * page while FerretDB reads the same rows either way.
 */
const gridParts = (gridId: string, count: number | null, bucketed: boolean): Part[] =>
  bucketed
    ? Array.from({ length: LIST_BUCKETS }, (_, b) => ({
        key: { gridId, listBucket: b },
        count: b === 0 || count === null ? count : 0,
        empty: count === 0,
      }))
    : [{ key: { gridId }, count, empty: count === 0 }];

/** The oldest birth year an elder tier reads (AGE_90 has no upper age). */
const OLDEST_AGE = 120;

/**
 * A name search reads one initial of each community (`nameInitial`), an elder-tier list one birth
 * year at a time (`birthYear`): equalities on small sets instead of a regex or a date range over
 * every grid. Birth years the community read model says are empty are not read; a year wholly
 * inside the tier takes its count from the read model when nothing else narrows the list.
 */
async function byInitialOrBirthYear(
  ctx: Context,
  where: Record<string, unknown>,
  filter: ResidentFilter | null | undefined,
): Promise<Part[] | null> {
  const prefix = filter?.namePrefix?.trim();
  if (!prefix && !filter?.elderTier) return null;
  const communityIds = [...new Set(asList(where.communityId) ?? ctx.viewer.communityIds ?? [])].sort();
  if (prefix) return communityIds.map((communityId) => ({ key: { communityId, nameInitial: [...prefix][0] }, count: null, empty: false }));
  const floor = TIER_FLOOR[filter!.elderTier!]!;
  const year = Number(localDate().slice(0, 4));
  const first = year - (floor < 90 ? floor + 10 : OLDEST_AGE);
  const last = year - floor;
  const plain = Object.keys(where).every((k) => k === 'communityId' || k === 'birthDate');
  const out: Part[] = [];
  for (const communityId of communityIds) {
    const community = await ctx.loaders.community.load(communityId);
    const perYear = community?.birthYears;
    for (let y = first; y <= last; y++) {
      const n = perYear ? (perYear.get?.(String(y)) ?? (perYear as unknown as Record<string, number>)[String(y)] ?? 0) : null;
      if (n === 0) continue;
      const whole = y > first && y < last;
      out.push({ key: { communityId, birthYear: y }, count: plain && whole ? n : null, empty: false });
    }
  }
  return out;
}

/** True when a filter narrows nothing beyond where the rows are (grid, community): its count is a read model. */
const onlyPlace = (q: FilterQuery<ResidentDoc>) => Object.keys(q).every((k) => k === 'gridId' || k === 'communityId');

const asList = (v: unknown): string[] | null => {
  if (v === undefined) return null;
  if (v && typeof v === 'object' && Array.isArray((v as { $in?: unknown }).$in)) return (v as { $in: unknown[] }).$in.map(String);
  return [String(v)];
};

/**
 * The partitions a resident list walks, in order: single grids (a grid holds a few hundred
 * households), each read with a pushed-down equality on `gridId`, then the community's residents
 * outside every grid. A household scope (a resident's own) is one partition of its own.
 */
async function partitions(
  ctx: Context,
  where: Record<string, unknown>,
  filter: ResidentFilter | null | undefined,
  bucketed: boolean,
): Promise<Part[]> {
  if (where.householdId !== undefined) return [{ key: {}, count: null, empty: false }];
  const narrow = await byInitialOrBirthYear(ctx, where, filter);
  if (narrow) return narrow;
  const gridIds = asList(where.gridId);
  if (gridIds) {
    const ids = [...new Set(gridIds)].sort();
    const grids = await ctx.loaders.grid.loadMany(ids);
    // A grid's read-model count stands for the list only when the grid is in the viewer's communities.
    const communities = asList(where.communityId);
    return grids.flatMap((g, i) => {
      const known = g && !(g instanceof Error) && g.level === 'SMALL' && (!communities || communities.includes(String(g.communityId)));
      return gridParts(ids[i]!, known ? (g.residentCount ?? 0) : null, bucketed);
    });
  }
  const communityIds = asList(where.communityId) ?? [];
  const out: Part[] = [];
  for (const communityId of [...new Set(communityIds)].sort()) {
    const [community, grids] = await Promise.all([ctx.loaders.community.load(communityId), ctx.loaders.gridsByCommunity.load(communityId)]);
    const small = grids.filter((g) => g.level === 'SMALL').sort((a, b) => String(a._id).localeCompare(String(b._id)));
    for (const g of small) out.push(...gridParts(String(g._id), g.residentCount ?? 0, bucketed));
    const inGrids = small.reduce((n, g) => n + (g.residentCount ?? 0), 0);
    const outside = community ? Math.max(0, (community.residentCount ?? 0) - inGrids) : 0;
    out.push({ key: { communityId, gridId: null }, count: outside, empty: outside === 0 });
  }
  return out;
}

/**
 * Residents of the active population (ACTIVE_RESIDENT: not moved out, not dead) the viewer may see (its own grids or community), filtered and paged in (grid, list
 * bucket, id) order. Each database read is one bucket of a grid (or one household, initial or
 * birth year): FerretDB pushes the equalities down, and on MongoDB `{ gridId, listBucket, _id }`
 * serves it. `totalCount` of an unfiltered list is the grids' read-model counts; a filtered list
 * counts partition by partition, only when selected.
 */
export async function listResidents(ctx: Context, args: QueryResidentsArgs): Promise<Connection<WithId<ResidentDoc>>> {
  const limit = pageSize(args.first);
  const q = residentFilter(args.filter);
  const where = allOf(rowScope(ctx.viewer, residentScope), q);
  const parts = await partitions(ctx, where, args.filter, onlyPlace(q));
  const R = ctx.models.Resident;
  const read = (key: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    R.find(allOf(where, key, extra, ACTIVE_RESIDENT))
      .sort({ _id: 1 })
      .limit(limit + 1)
      .lean<WithId<ResidentDoc>[]>()
      .exec();
  let start = 0;
  let afterId: string | null = null;
  if (args.after) {
    afterId = decodeCursor(args.after);
    const last = await ctx.loaders.resident.load(afterId);
    const at = last
      ? parts.findIndex((p) => Object.entries(p.key).every(([k, v]) => String(last[k as keyof ResidentDoc] ?? null) === String(v)))
      : -1;
    start = at < 0 ? parts.length : at;
  }
  // An empty partition by the read model is not read (the community's residents outside every
  // grid are found by a filter FerretDB cannot push down: `gridId: null`). After the first, a few
  // partitions are read at once: a narrow filter (a tag, a name) may need several to fill a page.
  const todo = parts.map((p, i) => ({ ...p, i })).filter((p) => p.i >= start && !p.empty);
  const rows: WithId<ResidentDoc>[] = [];
  for (let at = 0, n = 1; at < todo.length && rows.length <= limit; at += n, n = PARALLEL_GRIDS) {
    const chunk = todo.slice(at, at + n);
    const read_ = await Promise.all(chunk.map((p) => read(p.key, p.i === start && afterId ? { _id: { $gt: afterId } } : {})));
    rows.push(...read_.flat());
  }
  return connectionOf(rows, limit, async () => {
    if ((onlyPlace(q) || parts.some((p) => 'birthYear' in p.key)) && parts.every((p) => p.count !== null))
      return parts.reduce((n, p) => n + p.count!, 0);
    const counts = await mapReads(parts, async (p) =>
      p.empty
        ? 0
        : (
            await R.find(allOf(where, p.key, ACTIVE_RESIDENT), { _id: 1 })
              .lean()
              .exec()
          ).length,
    );
    return counts.reduce((n, c) => n + c, 0);
  });
}

/** Mainland resident ID: 17 digits and a check character. */
export const NATIONAL_ID = /^\d{17}[\dXx]$/;

/**
 * Exact lookup by national ID through its keyed hash, within the viewer's scope. The purpose is
 * required and the lookup itself is written to the access log (it reveals who holds the number).
 */
export async function findByNationalId(ctx: Context, args: QueryResidentByNationalIdArgs) {
  if (!NATIONAL_ID.test(args.nationalId.trim()))
    throw new BadUserInputError('nationalId', '身份证号格式不正确 (18 characters: 17 digits and a check digit or X)');
  const purpose = requirePurpose(args.purpose);
  const resident = await ctx.models.Resident.findOne(
    allOf(rowScope(ctx.viewer, residentScope), { nationalIdHash: ctx.cipher.hash(args.nationalId) }),
  )
    .lean()
    .exec();
  if (resident)
    await ctx.recordPiiAccess({
      residentId: String(resident._id),
      communityId: String(resident.communityId),
      field: 'nationalId.lookup',
      purpose,
    });
  return resident;
}
