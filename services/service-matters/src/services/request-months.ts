import {
  AppError,
  beginIntent,
  endIntent,
  isDuplicateKeyError,
  localDate,
  mapReads,
  readModelSpace,
  settleIntents,
  stableObjectId,
  withLock,
  workingDaysBetween,
  type IntentDeps,
} from '@jwh/platform';
import type { Models } from '../models/index.js';

/**
 * A community's requests received in one month, as counters (a read model): what the period
 * figures add up, so a year's figures are a dozen reads by id however many requests it had.
 *
 * A request contributes counters by its state (`contribution`): received, referred, delivered,
 * on time, resolved at first contact, working days to delivery, by matter and by worker. Each
 * write of a request adds the difference its change made (after − before) to the month it was
 * received in, under that month's lock, with the write itself inside the lock: FerretDB does not
 * serialise concurrent `$inc`s of one document, and a recount under the same lock is then exact.
 * A writer that dies between its write and the increment leaves an intent (the platform's change intents);
 * the next reader of that community's figures recounts the month. A month never counted (requests
 * from before the read model) is counted when first read.
 */
export type Tally = Record<string, number>;
export type MonthDeps = IntentDeps<Models>;

/** What a request's counters depend on. */
export interface CountedRequest {
  status: string;
  typeCode: string;
  takenBy?: unknown;
  receivedAt: Date;
  deliveredAt?: Date | null;
  dueDate: string;
  firstContactResolved?: boolean | null;
}

/** The counters one request adds to its month (paths as in the month document's `c`). */
export function contribution(r: CountedRequest): Tally {
  const t: Tally = { total: 1, [`types.${r.typeCode}.total`]: 1 };
  const worker = r.takenBy ? String(r.takenBy) : null;
  if (worker) t[`workers.${worker}.total`] = 1;
  if (r.status === 'REFERRED') {
    t.referred = 1;
    t[`types.${r.typeCode}.referred`] = 1;
  }
  if (r.status === 'DELIVERED' && r.deliveredAt) {
    const onTime = localDate(r.deliveredAt) <= r.dueDate ? 1 : 0;
    t.delivered = 1;
    t.onTime = onTime;
    t.firstContact = r.firstContactResolved ? 1 : 0;
    t[`days.d${workingDaysBetween(localDate(r.receivedAt), localDate(r.deliveredAt))}`] = 1;
    if (worker) {
      t[`workers.${worker}.delivered`] = 1;
      t[`workers.${worker}.onTime`] = onTime;
    }
  }
  return t;
}

/** Adds `b` into `a` (times `sign`), dropping zeros. */
export function addTally(a: Tally, b: Tally, sign = 1): Tally {
  for (const [k, v] of Object.entries(b)) {
    const n = (a[k] ?? 0) + sign * v;
    if (n) a[k] = n;
    else delete a[k];
  }
  return a;
}

/** What a change of a request adds to its month: after − before (nothing for an unchanged count). */
export const changeOf = (before: CountedRequest | null, after: CountedRequest): Tally =>
  addTally(addTally({}, contribution(after)), before ? contribution(before) : {}, -1);

/** The nested counters of a month document, flat (`{ types: { X: { total: 2 } } }` → `{ 'types.X.total': 2 }`). */
function flatten(nested: Record<string, unknown> | null | undefined, prefix = '', out: Tally = {}): Tally {
  for (const [k, v] of Object.entries(nested ?? {})) {
    if (v && typeof v === 'object') flatten(v as Record<string, unknown>, `${prefix}${k}.`, out);
    else if (typeof v === 'number' && v) out[`${prefix}${k}`] = v;
  }
  return out;
}

/** Flat counters as the nested document `$set` stores (`c`). */
function nest(t: Tally): Record<string, unknown> {
  const out: Record<string, any> = {};
  for (const [path, v] of Object.entries(t)) {
    const keys = path.split('.');
    let node = out;
    for (const k of keys.slice(0, -1)) node = node[k] ??= {};
    node[keys.at(-1)!] = v;
  }
  return out;
}

export const requestMonthId = (communityId: unknown, month: string) => stableObjectId(`request-month:${String(communityId)}:${month}`);
const lockKey = (deps: IntentDeps, communityId: string, month: string) =>
  `${readModelSpace(deps)}:lock:request-month:${communityId}:${month}`;
const target = (communityId: string, month: string) => `request-month:${communityId}:${month}`;
const LOCK = { ttlMs: 30_000, waitMs: 30_000 };

/** What counting a month reads of a request. */
export const COUNTED_FIELDS = {
  status: 1,
  typeCode: 1,
  takenBy: 1,
  receivedAt: 1,
  deliveredAt: 1,
  dueDate: 1,
  firstContactResolved: 1,
  communityId: 1,
  gridId: 1,
  residentId: 1,
} as const;

/** Counts a community's month from its requests (one equality read: one community, one month). */
async function countMonth(deps: MonthDeps, communityId: string, month: string): Promise<Tally> {
  const rows = await deps.models.ServiceRequest.find({ communityId, receivedMonth: month }, COUNTED_FIELDS).lean().exec();
  return rows.reduce((t, r) => addTally(t, contribution(r)), {} as Tally);
}

/** Counts a community's month and stores it. Hold the month's lock. */
async function recount(deps: MonthDeps, communityId: string, month: string): Promise<Tally> {
  const tally = await countMonth(deps, communityId, month);
  await deps.models.RequestMonth.updateOne(
    { _id: requestMonthId(communityId, month) },
    { $set: { communityId, month, c: nest(tally), countedAt: new Date() } },
    { upsert: true },
  ).exec();
  return tally;
}

/** Recounts a community's month under its lock (the repair; also the first read of a month never counted). */
export function recountRequestMonth(deps: MonthDeps, communityId: string, month: string): Promise<Tally> {
  return withLock(deps.redis, lockKey(deps, communityId, month), () => recount(deps, communityId, month), LOCK);
}

/** Nothing was written when a write fails with one of our errors (a refused step) or a duplicate key. */
const wroteNothing = (err: unknown) => err instanceof AppError || isDuplicateKeyError(err);

/**
 * Runs a write of a request received in `month` of `communityId` under the month's lock, and adds
 * what it changed (`write` returns its result and the change, `changeOf(before, after)`).
 */
export async function writeInMonth<T>(
  deps: MonthDeps,
  communityId: string,
  month: string,
  write: () => Promise<{ result: T; change: Tally }>,
): Promise<T> {
  const intent = await beginIntent(deps, target(communityId, month));
  try {
    const result = await withLock(
      deps.redis,
      lockKey(deps, communityId, month),
      async () => {
        const { result, change } = await write();
        if (Object.keys(change).length) {
          const inc = Object.fromEntries(Object.entries(change).map(([k, v]) => [`c.${k}`, v]));
          const added = await deps.models.RequestMonth.updateOne({ _id: requestMonthId(communityId, month) }, { $inc: inc }).exec();
          // A month not counted yet (its first request, or requests from before the read model) is counted whole.
          if (!added.matchedCount) await recount(deps, communityId, month);
        }
        return result;
      },
      LOCK,
    );
    await endIntent(deps, intent);
    return result;
  } catch (err) {
    // A refused write changed nothing; any other failure keeps its intent for the repair.
    if (wroteNothing(err)) await endIntent(deps, intent);
    throw err;
  }
}

/**
 * Recounts the months of writers that died (older than a minute), then reads the months asked for
 * by id. Without Redis (no lock, no intents) the figures are still answered: a month never counted
 * is counted without being stored, and the repair waits for the next reader.
 */
export async function monthTallies(deps: MonthDeps, communityId: string, months: string[]): Promise<Tally[]> {
  await settleIntents(deps, 'request-month:', async (t) => {
    const [, community, month] = t.split(':');
    await recountRequestMonth(deps, community!, month!);
  }).catch(() => 0);
  return mapReads(months, async (m) => {
    const doc = await deps.models.RequestMonth.findById(requestMonthId(communityId, m)).lean().exec();
    if (doc) return flatten(doc.c as Record<string, unknown>);
    return recountRequestMonth(deps, communityId, m).catch(() => countMonth(deps, communityId, m));
  });
}
