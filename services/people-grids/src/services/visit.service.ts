import {
  addDays,
  allOf,
  BadUserInputError,
  existing,
  findPage,
  ForbiddenError,
  isDuplicateKeyError,
  localDayRange,
  ownRetry,
  rowScope,
  type LocalDate,
  type PageArgs,
} from '@jwh/platform';
import { Types } from 'mongoose';
import type { RecordVisitInput, VisitFilter } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import { PLACE_TYPES } from '../models/visit.model.js';
import { inCommunityScope } from '../policy.js';
import { deliveriesPerStaff } from './elder-service.service.js';
import { monthsBetween } from './half-day.service.js';
import { staffForWrite } from './staff-access.js';
import { requireDate, requireId, requireText } from './validate.js';

/** Records a visit. Retrying with the same idempotency key returns the first record, writes nothing. */
export async function recordVisit(ctx: Context, input: RecordVisitInput) {
  const key = requireText(input.idempotencyKey, 'input.idempotencyKey', 8, 100);
  const earlier = ownRetry(await ctx.models.Visit.findOne({ idempotencyKey: key }).lean().exec(), ctx.viewer.sub, 'input.idempotencyKey');
  if (earlier) return earlier;
  if (!(PLACE_TYPES as readonly string[]).includes(input.placeType)) throw new BadUserInputError('input.placeType', 'unknown place type');
  if (input.topics.length > 10) throw new BadUserInputError('input.topics', '最多 10 项 (at most 10)');
  const topics = input.topics.map((t, i) => requireText(t, `input.topics[${i}]`, 1, 30));
  const followUps = (input.followUps ?? []).map((t, i) => requireText(t, `input.followUps[${i}]`, 1, 200));
  const notes = (input.notes ?? '').trim();
  if (notes.length > 2000) throw new BadUserInputError('input.notes', '最多 2000 个字符 (at most 2000 characters)');
  const at = input.at ?? new Date();
  if (Number.isNaN(at.getTime()) || at.getTime() > Date.now() + 5 * 60_000)
    throw new BadUserInputError('input.at', '须为不晚于现在的 ISO 时间 (an ISO time not in the future)');
  const staff = await staffForWrite(ctx, input.staffId, 'input.staffId');

  let household = null;
  if (input.householdId != null) {
    requireId(input.householdId, 'input.householdId');
    household = await ctx.scoped.household().load(input.householdId);
    if (!household) throw new BadUserInputError('input.householdId', '不在您的网格内或不存在 (not in your grids)');
  }
  let residentId = null;
  if (input.residentId != null) {
    requireId(input.residentId, 'input.residentId');
    const resident = await ctx.scoped.resident().load(input.residentId);
    if (!resident) throw new BadUserInputError('input.residentId', '不在您的网格内或不存在 (not in your grids)');
    if (household && String(resident.householdId) !== String(household._id))
      throw new BadUserInputError('input.residentId', '不属于该户 (not a member of that household)');
    household ??= await ctx.loaders.household.load(String(resident.householdId));
    residentId = resident._id;
  }
  if (input.placeType === 'HOME' && !household)
    throw new BadUserInputError('input.householdId', '入户走访须指明户 (a home visit names the household)');
  try {
    const doc = await ctx.models.Visit.create({
      idempotencyKey: key,
      createdBy: ctx.viewer.sub,
      staffId: staff._id,
      communityId: staff.communityId,
      gridId: household?.gridId ?? staff.gridIds[0] ?? null,
      householdId: household?._id ?? null,
      residentId,
      at,
      placeType: input.placeType,
      topics,
      notes,
      followUps,
    });
    return doc.toObject();
  } catch (err) {
    if (isDuplicateKeyError(err))
      return existing(
        ownRetry(await ctx.models.Visit.findOne({ idempotencyKey: key }).lean().exec(), ctx.viewer.sub, 'input.idempotencyKey'),
        'visit',
        key,
      );
    throw err;
  }
}

function visitFilter(ctx: Context, f: VisitFilter): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  for (const key of ['communityId', 'staffId', 'gridId'] as const) if (f[key] != null) q[key] = requireId(f[key], `filter.${key}`);
  const at: Record<string, Date> = {};
  if (f.from != null) at.$gte = localDayRange(requireDate(f.from, 'filter.from')).start;
  if (f.to != null) at.$lt = localDayRange(requireDate(f.to, 'filter.to')).end;
  if (at.$gte && at.$lt && at.$gte >= at.$lt) throw new BadUserInputError('filter.to', '须不早于 from (must not be before from)');
  if (Object.keys(at).length) q.at = at;
  return allOf(visitScope(ctx), q);
}

/** Visits a viewer may read: its communities, or for a grid worker its own grids. */
function visitScope(ctx: Context): Record<string, unknown> {
  if (ctx.viewer.role === 'GRID_WORKER') return { gridId: { $in: ctx.viewer.gridIds } };
  return rowScope(ctx.viewer, inCommunityScope);
}

export function listVisits(ctx: Context, filter: VisitFilter, args: PageArgs) {
  return findPage(ctx.models.Visit, visitFilter(ctx, filter), args);
}

/** A worker's visits, distinct households visited and 6789 deliveries over a period (the parent of a `VisitStat`). */
export interface VisitStatRow {
  staffId: string;
  visits: number;
  households: number;
  elderDeliveries: number;
}

/** A visit by id (a reference from another subgraph), or null. */
export function findVisit(ctx: Context, id: string) {
  return ctx.models.Visit.findById(id).lean().exec();
}

/** Visits and distinct households per worker of a community over a period. */
export async function visitStats(ctx: Context, communityId: string, from: LocalDate, to: LocalDate): Promise<VisitStatRow[]> {
  requireId(communityId, 'communityId');
  // A grid worker sees its own figures only (issue 16); managers every worker's.
  const own = ctx.viewer.role === 'GRID_WORKER' ? ctx.viewer.staffId : null;
  if (ctx.viewer.role === 'GRID_WORKER' && !own) throw new ForbiddenError();
  const match = visitFilter(ctx, { communityId, from, to, ...(own ? { staffId: own } : {}) });
  if (to > addDays(from, 366)) throw new BadUserInputError('to', '区间最长一年 (at most one year)');
  // One $group by worker and household; the per-worker sums are made here (FerretDB 1.24 answers
  // 0 for `$sum: 1` in a second $group stage).
  const rows = await ctx.models.Visit.aggregate<{ _id: { staffId: Types.ObjectId; householdId: Types.ObjectId | null }; visits: number }>([
    { $match: castIds(match) },
    { $group: { _id: { staffId: '$staffId', householdId: '$householdId' }, visits: { $sum: 1 } } },
  ]);
  const perStaff = new Map<string, VisitStatRow>();
  const statOf = (key: string) => perStaff.get(key) ?? { staffId: key, visits: 0, households: 0, elderDeliveries: 0 };
  for (const r of rows) {
    const stat = statOf(String(r._id.staffId));
    stat.visits += r.visits;
    if (r._id.householdId) stat.households += 1;
    perStaff.set(stat.staffId, stat);
  }
  // The 6789 deliveries count in the same figures (issue 16): a worker who only delivered has a row too.
  for (const [staffId, n] of await deliveriesPerStaff(ctx, communityId, from, to, monthsBetween(from, to))) {
    const stat = statOf(staffId);
    stat.elderDeliveries = n;
    perStaff.set(staffId, stat);
  }
  return [...perStaff.values()].sort((a, b) => b.visits - a.visits || a.staffId.localeCompare(b.staffId));
}

/** Aggregation pipelines get no schema casting: turn id strings into ObjectIds. */
export function castIds(filter: unknown): any {
  if (Array.isArray(filter)) return filter.map(castIds);
  if (filter instanceof Date || filter instanceof Types.ObjectId) return filter;
  if (filter && typeof filter === 'object') return Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, castIds(v)]));
  return typeof filter === 'string' && /^[0-9a-f]{24}$/.test(filter) ? new Types.ObjectId(filter) : filter;
}
