import type { PointsEntryDoc } from '../models/activity.model.js';

/** Service points per verified volunteer hour. */
export const POINTS_PER_HOUR = 10;

/**
 * What a ledger entry is, by its idempotency key (`hours:…` confirmed hours, `priority:…` a priority
 * sign-up's spending, `refund:…` its refund): the one place the ledger's key prefixes are read.
 */
export const LEDGER_KINDS = { EARNED: 'hours:', SPENT: 'priority:', REFUNDED: 'refund:' } as const;
export type PointsKind = keyof typeof LEDGER_KINDS;

type Entry = Pick<PointsEntryDoc, 'idempotencyKey' | 'delta'> & { hours?: number | null };

/** The kind of a ledger entry (a key of no known kind is never an earning: by its sign, spent or given back). */
export function pointsKind(entry: Entry): PointsKind {
  const kind = (Object.keys(LEDGER_KINDS) as PointsKind[]).find((k) => entry.idempotencyKey.startsWith(LEDGER_KINDS[k]));
  return kind ?? (entry.delta < 0 ? 'SPENT' : 'REFUNDED');
}

/** The service hours an entry confirms: 0 unless earned (entries from before `hours` was kept: delta / POINTS_PER_HOUR). */
export function entryHours(entry: Entry): number {
  if (pointsKind(entry) !== 'EARNED') return 0;
  return entry.hours ?? entry.delta / POINTS_PER_HOUR;
}
