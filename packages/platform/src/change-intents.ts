import { randomUUID } from 'node:crypto';
import type { Redis } from './redis.js';

/**
 * Write-ahead intents for the read models a service keeps beside a write (a community's requests
 * of a month, an activity's counts, a canteen's month). A writer records an intent before it
 * writes and removes it once the read model has the change; an intent still there a minute later
 * means the writer died in between, and the read model it names is repaired (`settleIntents`).
 * Intents live in one Redis sorted set, scored by when they were taken.
 */
export interface IntentDeps<M extends ModelsOfOneDatabase = ModelsOfOneDatabase> {
  redis: Redis;
  queuePrefix: string;
  /** The service's models, all on one connection: they name its database. */
  models: M;
}

/** A service's registered mongoose models (anything that knows its database's name). */
export type ModelsOfOneDatabase = Readonly<Record<string, { db: { name: string } }>>;

/**
 * The Redis namespace of this database's read models (`<prefix>:<database>`): processes on other
 * databases sharing the Redis (tests, a second street) never see or repair each other's.
 */
export function readModelSpace(deps: IntentDeps): string {
  const model = Object.values(deps.models)[0];
  if (!model) throw new Error('readModelSpace: no models registered');
  return `${deps.queuePrefix}:${model.db.name}`;
}

/** How old an intent must be before its writer is taken to have died. */
export const INTENT_STALE_MS = 60_000;

const setKey = (deps: IntentDeps) => `${readModelSpace(deps)}:read-model-intents`;

/** Records that `target` (e.g. `request-month:<community>:<month>`) is about to change; returns the intent to end. */
export async function beginIntent(deps: IntentDeps, target: string): Promise<string> {
  const member = `${target}|${randomUUID()}`;
  await deps.redis.zadd(setKey(deps), Date.now(), member);
  return member;
}

/** The change is in the read model: the intent is done. */
export async function endIntent(deps: IntentDeps, member: string): Promise<void> {
  await deps.redis.zrem(setKey(deps), member);
}

/**
 * Repairs what writers that died left behind: for each intent on a target starting with `kind`
 * (e.g. `request-month:`) older than `olderThanMs` (default {@link INTENT_STALE_MS}), `repair` gets
 * the target (once per target), then those intents are removed. One Redis read when there is none,
 * so readers of a read model call it before they trust it.
 */
export async function settleIntents(
  deps: IntentDeps,
  kind: string,
  repair: (target: string) => Promise<void>,
  olderThanMs = INTENT_STALE_MS,
): Promise<number> {
  const stale = (await deps.redis.zrangebyscore(setKey(deps), '-inf', Date.now() - olderThanMs)).filter((m) => m.startsWith(kind));
  if (!stale.length) return 0;
  const targets = [...new Set(stale.map((m) => m.slice(0, m.lastIndexOf('|'))))];
  for (const target of targets) await repair(target);
  await deps.redis.zrem(setKey(deps), ...stale);
  return targets.length;
}
