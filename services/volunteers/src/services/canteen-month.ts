import { beginIntent, endIntent, readModelSpace, settleIntents, stableObjectId, withLock, type IntentDeps } from '@jwh/platform';
import type { Models } from '../models/index.js';

/**
 * A canteen's month as a read model (one document by id): meals, list and paid totals. A meal and
 * its increment are written under the canteen-month's Redis lock (redemptions come a till at a
 * time, so the lock is hardly ever waited for): FerretDB does not serialise concurrent `$inc`s of
 * one document, and a recount under the same lock is exact. A writer that dies between the two
 * leaves an intent (the platform's change intents); the next reader recounts that month.
 */
export type MonthDeps = IntentDeps<Models>;

export interface MonthTotals {
  meals: number;
  listTotalCents: number;
  paidTotalCents: number;
}

export const canteenMonthId = (canteenId: unknown, month: string) => stableObjectId(`canteen-month:${String(canteenId)}:${month}`);
const lockKey = (deps: IntentDeps, canteenId: string, month: string) => `${readModelSpace(deps)}:lock:canteen-month:${canteenId}:${month}`;
const target = (canteenId: string, month: string) => `canteen:${canteenId}:${month}`;
const totalsOf = (d: Partial<MonthTotals> | null): MonthTotals => ({
  meals: d?.meals ?? 0,
  listTotalCents: d?.listTotalCents ?? 0,
  paidTotalCents: d?.paidTotalCents ?? 0,
});

/** Counts a canteen's month from its meals (one equality read: one canteen, one month). */
async function countMonth(deps: MonthDeps, canteenId: string, month: string): Promise<MonthTotals> {
  const meals = await deps.models.MealRedemption.find({ canteenOrgId: canteenId, month }, { listPriceCents: 1, paidPriceCents: 1 })
    .lean()
    .exec();
  return {
    meals: meals.length,
    listTotalCents: meals.reduce((s, r) => s + r.listPriceCents, 0),
    paidTotalCents: meals.reduce((s, r) => s + r.paidPriceCents, 0),
  };
}

/** Counts a canteen's month and stores it. Hold the month's lock. */
async function recount(deps: MonthDeps, canteenId: string, month: string): Promise<MonthTotals> {
  const totals = await countMonth(deps, canteenId, month);
  await deps.models.CanteenMonth.updateOne(
    { _id: canteenMonthId(canteenId, month) },
    { $set: totals, $setOnInsert: { canteenOrgId: canteenId, month } },
    { upsert: true },
  ).exec();
  return totals;
}

/** Recounts a canteen's month under its lock (the repair; also what the first read of a month does). */
export function recountCanteenMonth(deps: MonthDeps, canteenId: string, month: string): Promise<MonthTotals> {
  return withLock(deps.redis, lockKey(deps, canteenId, month), () => recount(deps, canteenId, month));
}

/**
 * Writes a meal of a canteen's month with `write` and adds it to the month, under the month's lock.
 * `write` returns the meal it wrote, or throws (nothing is added).
 */
export async function addMeal<T extends { listPriceCents: number; paidPriceCents: number }>(
  deps: MonthDeps,
  canteenId: string,
  month: string,
  write: () => Promise<T>,
): Promise<T> {
  const intent = await beginIntent(deps, target(canteenId, month));
  let wrote = false;
  try {
    const meal = await withLock(deps.redis, lockKey(deps, canteenId, month), async () => {
      const m = await write();
      wrote = true;
      const added = await deps.models.CanteenMonth.updateOne(
        { _id: canteenMonthId(canteenId, month) },
        { $inc: { meals: 1, listTotalCents: m.listPriceCents, paidTotalCents: m.paidPriceCents } },
      ).exec();
      // A month not counted yet (its first meal, or meals from before the read model) is counted whole.
      if (!added.matchedCount) await recount(deps, canteenId, month);
      return m;
    });
    await endIntent(deps, intent);
    return meal;
  } catch (err) {
    // Nothing written: nothing to repair. A meal written but not added keeps its intent for the repair.
    if (!wrote) await endIntent(deps, intent);
    throw err;
  }
}

/**
 * A canteen's month: one read by id (counted once, under the lock, when it has never been). Without
 * Redis it is still answered: a month never counted is counted without being stored.
 */
export async function monthTotals(deps: MonthDeps, canteenId: string, month: string): Promise<MonthTotals> {
  await settleIntents(deps, 'canteen:', async (t) => {
    const [, canteen, m] = t.split(':');
    await recountCanteenMonth(deps, canteen!, m!);
  }).catch(() => 0);
  const doc = await deps.models.CanteenMonth.findById(canteenMonthId(canteenId, month)).lean().exec();
  return doc ? totalsOf(doc) : recountCanteenMonth(deps, canteenId, month).catch(() => countMonth(deps, canteenId, month));
}
