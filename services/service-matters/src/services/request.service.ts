import {
  BadUserInputError,
  ConflictError,
  NotFoundError,
  addDays,
  addWorkingDays,
  allOf,
  atLocal,
  byIdLoader,
  isLocalDate,
  isObjectId,
  localDate,
  localMonth,
  matcher,
  ownRetry,
  pageSize,
  rowScope,
  requireText,
  isDuplicateKeyError,
  median as medianOf,
} from '@jwh/platform';
import type {
  AdvanceServiceRequestInput,
  CreateServiceRequestInput,
  QueryServiceRequestStatsArgs,
  QueryServiceRequestsArgs,
} from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import { CHANNELS, OPEN_STATUSES, REQUEST_STATUSES, type ServiceRequestDoc } from '../models/service-request.model.js';
import { requestScope } from '../policy.js';
import { backfillReceivedMonth } from './backfill.js';
import { failedRule } from './eligibility.js';
import { requestChanged } from './reminders.service.js';
import { residentForRequest } from './people-grids.client.js';
import { openMatter } from './service-type.service.js';
import { equalityBuckets, idEqualities, pageOf, readEach, splitsReads, valuesOf, type Filter } from '@jwh/platform';
import { COUNTED_FIELDS, addTally, changeOf, contribution, monthTallies, writeInMonth, type Tally } from './request-months.js';
import { claimStep } from './step-claim.js';
import { actorOf } from './actor.js';

/** The state machine of a request: from each state, the states it may go to. */
export const TRANSITIONS: Record<string, readonly string[]> = {
  RECEIVED: ['MATERIALS_COLLECTED', 'REFERRED', 'REJECTED', 'WITHDRAWN'],
  MATERIALS_COLLECTED: ['FORWARDED', 'RESULT_RECEIVED', 'REFERRED', 'REJECTED', 'WITHDRAWN'],
  FORWARDED: ['RESULT_RECEIVED', 'REJECTED', 'WITHDRAWN'],
  RESULT_RECEIVED: ['DELIVERED'],
  DELIVERED: [],
  REFERRED: [],
  REJECTED: [],
  WITHDRAWN: [],
};

const text = requireText;

/**
 * Takes a request. Idempotent on `clientRequestId` (a retry from a flaky phone returns the first
 * one). The resident is read from people-grids under the caller's scope; an ineligible request is
 * referred at once with the rule that failed and where to go. The due date counts working days.
 */
export async function createServiceRequest(
  ctx: Context,
  input: CreateServiceRequestInput,
  link: { appointmentId?: unknown } = {},
): Promise<ServiceRequestDoc> {
  const clientRequestId = text(input.clientRequestId, 'input.clientRequestId', 8, 100);
  const existing = ownRetry(
    await ctx.models.ServiceRequest.findOne({ clientRequestId }).lean().exec(),
    ctx.viewer.sub,
    'input.clientRequestId',
  );
  if (existing) return existing;
  if (!isObjectId(input.residentId)) throw new BadUserInputError('input.residentId', '无效的编号 (invalid id)');
  if (!(CHANNELS as readonly string[]).includes(input.channel)) throw new BadUserInputError('input.channel', 'unknown channel');
  const note = (input.note ?? '').trim();
  if (note.length > 500) throw new BadUserInputError('input.note', '最多 500 个字符 (at most 500 characters)');
  if (ctx.viewer.role === 'RESIDENT' && input.residentId !== ctx.viewer.residentId)
    throw new BadUserInputError('input.residentId', '只能为本人申请 (residents apply for themselves)');
  const resident = await residentForRequest(ctx.peopleGridsUrl, input.residentId, ctx.identity('people-grids'), ctx.requestId);
  if (!resident) throw new BadUserInputError('input.residentId', '居民不存在或不在您的网格内 (no such resident in your scope)');
  // The resident's street's catalogue, as it stands now: the request keeps this version for good.
  const type = await openMatter(ctx, resident.household.community.street, input.typeCode, 'input.typeCode');
  const collected = new Set(input.materialsCollected ?? []);
  for (const [i, m] of [...collected].entries()) {
    if (!type.requiredMaterials.includes(m))
      throw new BadUserInputError(`input.materialsCollected[${i}]`, `不是该事项所需材料: ${m} (not a required material)`);
  }

  const now = new Date();
  // A request written down later (a paper form from the desk) keeps the time it was received, up to 30 days back.
  const receivedAt = input.receivedAt ?? now;
  if (
    Number.isNaN(receivedAt.getTime()) ||
    receivedAt.getTime() > now.getTime() + 60_000 ||
    now.getTime() - receivedAt.getTime() > 30 * 86_400_000
  ) {
    throw new BadUserInputError('input.receivedAt', '须为过去 30 天内的 ISO 时间 (an ISO time within the last 30 days)');
  }
  const failed = failedRule(type.eligibility, resident);
  const actor = actorOf(ctx.viewer);
  const base = {
    clientRequestId,
    createdBy: ctx.viewer.sub,
    residentId: resident.id,
    communityId: resident.household.community.id,
    gridId: resident.household.grid?.id ?? null,
    typeCode: type.code,
    matterId: type._id,
    matterVersionId: type.versionId,
    channel: input.channel,
    takenBy: ctx.viewer.staffId ?? null,
    receivedAt,
    receivedMonth: localMonth(receivedAt),
    dueDate: addWorkingDays(localDate(receivedAt), type.deadlineWorkingDays),
    materials: type.requiredMaterials.map((name) =>
      collected.has(name)
        ? { name, collected: true, collectedAt: now, collectedBy: actor.by, collectedByStaffId: actor.byStaffId }
        : { name, collected: false },
    ),
    appointmentId: link.appointmentId ?? null,
    transitions: [{ from: 'NEW', to: 'RECEIVED', at: now, ...actor, note }],
  };
  const doc = failed
    ? {
        ...base,
        status: 'REFERRED',
        referral: { reason: failed, where: type.referTo || '街道政务服务中心' },
        transitions: [...base.transitions, { from: 'RECEIVED', to: 'REFERRED', at: now, by: 'eligibility-check', note: failed }],
      }
    : { ...base, status: 'RECEIVED' };
  try {
    // Written with its month's counters (request-months.ts).
    const created = await writeInMonth(ctx, String(base.communityId), base.receivedMonth, async () => {
      const row = (await ctx.models.ServiceRequest.create(doc)).toObject();
      return { result: row, change: changeOf(null, row) };
    });
    await requestChanged(ctx, created);
    return created;
  } catch (err) {
    // A concurrent retry created it first; a duplicate of anything else is not ours to answer.
    if (isDuplicateKeyError(err)) {
      const first = ownRetry(
        await ctx.models.ServiceRequest.findOne({ clientRequestId }).lean().exec(),
        ctx.viewer.sub,
        'input.clientRequestId',
      );
      if (first) return first;
    }
    throw err;
  }
}

/**
 * Moves a request along its state machine with one guarded update (no transaction): an illegal
 * step is BAD_USER_INPUT naming both states; a concurrent change is CONFLICT; each step is recorded.
 */
export async function advanceServiceRequest(ctx: Context, input: AdvanceServiceRequestInput) {
  if (!isObjectId(input.id)) throw new BadUserInputError('input.id', '无效的编号 (invalid id)');
  if (!(REQUEST_STATUSES as readonly string[]).includes(input.to)) throw new BadUserInputError('input.to', 'unknown status');
  // A point read by id; the row scope is checked on the document.
  const found = await ctx.models.ServiceRequest.findById(input.id).lean().exec();
  const current = found && matcher(rowScope(ctx.viewer, requestScope))(found) ? found : null;
  if (!current) throw new NotFoundError('service request', input.id);
  if (!TRANSITIONS[current.status]!.includes(input.to)) {
    throw new BadUserInputError('input.to', `不能从 ${current.status} 转为 ${input.to} (cannot go from ${current.status} to ${input.to})`);
  }
  if (ctx.viewer.role === 'RESIDENT' && input.to !== 'WITHDRAWN')
    throw new BadUserInputError('input.to', '居民只能撤回申请 (residents may only withdraw)');
  const note = (input.note ?? '').trim();
  if (note.length > 500) throw new BadUserInputError('input.note', '最多 500 个字符 (at most 500 characters)');
  const now = new Date();
  const set: Record<string, unknown> = { status: input.to };
  if (input.to === 'REFERRED') {
    set.referral = {
      reason: text(input.referralReason, 'input.referralReason', 2, 200),
      where: text(input.referTo, 'input.referTo', 2, 100),
    };
  }
  if (input.to === 'REJECTED') set.rejectionReason = text(input.rejectionReason, 'input.rejectionReason', 2, 200);
  if (input.to === 'MATERIALS_COLLECTED') requireAllMaterials(current);
  if (input.to === 'DELIVERED') {
    set.deliveredAt = now;
    set.firstContactResolved = input.firstContactResolved ?? false;
  }
  // The step and its month's counters, under the month's lock (request-months.ts).
  const month = current.receivedMonth ?? localMonth(current.receivedAt);
  const updated = await writeInMonth(ctx, String(current.communityId), month, async () => {
    await claimStep(ctx, 'request', current._id, current.status);
    const row = await ctx.models.ServiceRequest.findOneAndUpdate(
      // Materials checked above must still be as read: an untick in between is a conflict, not a pass.
      { _id: input.id, status: current.status, ...(input.to === 'MATERIALS_COLLECTED' ? { updatedAt: current.updatedAt } : {}) },
      { $set: set, $push: { transitions: { from: current.status, to: input.to, at: now, ...actorOf(ctx.viewer), note } } },
      { new: true },
    )
      .lean()
      .exec();
    if (!row) throw new ConflictError('该申请刚被他人更新,请刷新后重试 (the request just changed)');
    return { result: row, change: changeOf(current, row) };
  });
  await requestChanged(ctx, updated);
  return updated;
}

/** Refuses to go on while a required material is not ticked, naming each one missing. */
function requireAllMaterials(r: Pick<ServiceRequestDoc, 'materials'>): void {
  const missing = r.materials.filter((m) => !m.collected).map((m) => m.name);
  if (missing.length)
    throw new BadUserInputError(
      'input.to',
      `材料未收齐,尚缺:${missing.join('、')};请先用 tickMaterials 逐项勾选 (materials not all collected, missing: ${missing.join(', ')})`,
    );
}

/** A request by id within the viewer's scope (null when there is none or the viewer may not see it). */
export function findServiceRequest(ctx: Context, id: string) {
  return byIdLoader(ctx.models.ServiceRequest, rowScope(ctx.viewer, requestScope)).load(id);
}

/** Whether a request is still open and past its due date (as of today in Asia/Shanghai). */
export function isOverdue(r: Pick<ServiceRequestDoc, 'status' | 'dueDate'>): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(r.status) && r.dueDate < localDate();
}

/** A resident's requests within the viewer's scope, newest first: the first `first` (1–200, default 20). */
export async function residentRequests(ctx: Context, residentId: string, first?: number | null) {
  return (await ctx.loaders.requestsByResident.load(residentId)).slice(0, pageSize(first));
}

/** Requests the viewer may see, by grid, worker, type and state; overdue and due-soon as of today. */
export function listServiceRequests(ctx: Context, args: QueryServiceRequestsArgs) {
  const filter = args.filter ?? {};
  const q = idEqualities(filter, ['communityId', 'gridId', 'takenBy']);
  if (filter.typeCode != null) q.typeCode = filter.typeCode;
  if (filter.status != null) {
    if (!(REQUEST_STATUSES as readonly string[]).includes(filter.status)) throw new BadUserInputError('filter.status', 'unknown status');
    q.status = filter.status;
  }
  const today = localDate();
  const open = filter.open || filter.overdue || filter.dueWithinWorkingDays != null;
  if (open && !q.status) q.status = { $in: [...OPEN_STATUSES] };
  if (filter.overdue) q.dueDate = { $lt: today };
  if (filter.dueWithinWorkingDays != null) {
    const n = filter.dueWithinWorkingDays;
    if (!Number.isInteger(n) || n < 0 || n > 30) throw new BadUserInputError('filter.dueWithinWorkingDays', '须为 0–30 (0 to 30)');
    q.dueDate = { ...(filter.overdue ? { $lt: today } : { $gte: today }), $lte: addWorkingDays(today, n) };
  }
  const full = allOf(rowScope(ctx.viewer, requestScope), q);
  return pageOf(ctx.models.ServiceRequest, full, requestBuckets(full), args);
}

/** The fields a request list is bucketed by, narrowest first (each leads an index with `status`). */
const BUCKET_FIELDS = ['residentId', 'takenBy', 'gridId', 'communityId'] as const;
const MAX_BUCKETS = 64;

/**
 * Equality reads that together hold every request `filter` can match: the requests of one worker,
 * grid or community (the narrowest the filter names, one read per value its row scope allows),
 * in one state when it names states (an open list reads the four open states, each a bounded
 * set: what is open is what has not been delivered yet). Null when the filter names none.
 */
export function requestBuckets(filter: Filter): Filter[] | null {
  return equalityBuckets(filter, BUCKET_FIELDS, MAX_BUCKETS);
}

/** The dates period figures may span. */
const STATS_YEARS = { from: '2000-01-01', to: '2099-12-31' } as const;

/** A period's figures for a community: on-time rate, median working days, first-contact resolution and referral rates by type, and per worker. */
export async function serviceRequestStats(ctx: Context, args: QueryServiceRequestStatsArgs) {
  if (!isObjectId(args.communityId)) throw new BadUserInputError('communityId', '无效的编号 (invalid id)');
  for (const f of ['from', 'to'] as const) {
    // Years outside the span first: the clock reads no civil date before year 100 (`0000-01-01`).
    if (args[f] < STATS_YEARS.from || args[f] > STATS_YEARS.to)
      throw new BadUserInputError(
        f,
        `须在 ${STATS_YEARS.from} 至 ${STATS_YEARS.to} 之间 (between ${STATS_YEARS.from} and ${STATS_YEARS.to})`,
      );
    if (!isLocalDate(args[f])) throw new BadUserInputError(f, 'YYYY-MM-DD');
  }
  if (args.to < args.from) throw new BadUserInputError('to', '须不早于 from (must not be before from)');
  const start = atLocal(args.from);
  const end = atLocal(addDays(args.to, 1));
  return statsOf(await receivedBetween(ctx, args.communityId, start, end));
}

const rate = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 1000 : null);

/** The figures of a period from its counters (request-months.ts). */
export function statsOf(t: Tally) {
  const n = (k: string) => t[k] ?? 0;
  const days = Object.entries(t)
    .filter(([k]) => k.startsWith('days.d'))
    .flatMap(([k, count]) => Array<number>(count).fill(Number(k.slice('days.d'.length))))
    .sort((a, b) => a - b);
  const median = medianOf(days);
  const keysOf = (prefix: string) =>
    Object.keys(t)
      .filter((k) => k.startsWith(prefix) && k.endsWith('.total'))
      .map((k) => k.slice(prefix.length, -'.total'.length))
      .sort((a, b) => a.localeCompare(b));
  return {
    total: n('total'),
    delivered: n('delivered'),
    onTimeRate: rate(n('onTime'), n('delivered')),
    medianWorkingDays: median,
    firstContactResolutionRate: rate(n('firstContact'), n('delivered')),
    referralRate: rate(n('referred'), n('total')),
    byType: keysOf('types.').map((typeCode) => {
      const [total, referred] = [n(`types.${typeCode}.total`), n(`types.${typeCode}.referred`)];
      return { typeCode, total, referred, referralRate: rate(referred, total) };
    }),
    byWorker: keysOf('workers.').map((staffId) => {
      const [total, delivered, onTime] = [n(`workers.${staffId}.total`), n(`workers.${staffId}.delivered`), n(`workers.${staffId}.onTime`)];
      return { staffId, staff: { id: staffId }, total, delivered, onTime, onTimeRate: rate(onTime, delivered) };
    }),
  };
}

/** The months (YYYY-MM) from the one of `from` to the one of `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  for (let month = from.slice(0, 7); month <= to.slice(0, 7);) {
    months.push(month);
    if (++m > 12) [y, m] = [y + 1, 1];
    month = `${y}-${String(m).padStart(2, '0')}`;
  }
  return months;
}

const monthStart = (month: string) => atLocal(`${month}-01`);
const nextMonth = (month: string) => {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/**
 * The counters of a community's requests received in [start, end), within the viewer's scope. The
 * months the period covers whole are read from the read model (one read by id each) when the
 * viewer sees the whole community; the months it covers in part (its first and last) are read as
 * requests (one equality read per month: community and `receivedMonth`), their exact instants and
 * the row scope checked here.
 */
async function receivedBetween(ctx: Context, communityId: string, start: Date, end: Date): Promise<Tally> {
  await backfillReceivedMonth(ctx.models, ctx.logger);
  const scope = rowScope(ctx.viewer, requestScope);
  // A community outside the viewer's scope has nothing to read.
  if (valuesOf(allOf(scope, { communityId }).communityId)?.length === 0) return {};
  const months = monthsBetween(localMonth(start), localMonth(new Date(end.getTime() - 1)));
  const wholeCommunity = Object.keys(scope).length === 1 && 'communityId' in scope;
  const whole = wholeCommunity ? months.filter((m) => monthStart(m) >= start && monthStart(nextMonth(m)) <= end) : [];
  const part = months.filter((m) => !whole.includes(m));
  const m = ctx.models.ServiceRequest;
  const rows = !part.length
    ? []
    : splitsReads(m)
      ? await readEach(
          m,
          part.map((month) => ({ communityId, receivedMonth: month })),
          COUNTED_FIELDS,
        )
      : await m
          .find(allOf(scope, { communityId, receivedMonth: { $in: part }, receivedAt: { $gte: start, $lt: end } }), COUNTED_FIELDS)
          .lean()
          .exec();
  const inScope = matcher(scope);
  const tally: Tally = {};
  for (const t of await monthTallies(ctx, communityId, whole)) addTally(tally, t);
  for (const r of rows) if (r.receivedAt >= start && r.receivedAt < end && inScope(r)) addTally(tally, contribution(r));
  return tally;
}
