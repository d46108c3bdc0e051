import { beginIntent, endIntent, mapReads, readModelSpace, settleIntents, type IntentDeps } from '@jwh/platform';
import DataLoader from 'dataloader';
import { randomInt } from 'node:crypto';
import type { Models } from '../models/index.js';

/**
 * An activity's confirmed, waitlisted and attended counts as a read model on the activity.
 *
 * FerretDB does not serialise concurrent updates of one document (two `$inc`s can lose one), and a
 * burst of sign-ups would queue on a lock, so the counts are not incremented: every write that
 * changes a sign-up of the activity bumps the activity's change number (one atomic Redis INCR,
 * right after the write), and the counts are stored with the change number they were counted at
 * (`countsStamp`). A reader uses the stored counts when their stamp is the current change number;
 * otherwise it counts the activity's confirmed and waitlisted sign-ups (two equality reads of one
 * activity) and stores them with the number it read before counting. Counts stored that way
 * include every change whose number is at most their stamp, so a read after a change has returned
 * is always exact; concurrent recounts at worst store an older pair, which the next reader redoes.
 * A writer that dies between its write and its bump leaves an intent (the platform's change intents) that the
 * next reader turns into a bump.
 */
export type CountsDeps = IntentDeps<Models>;

export interface ActivityCounts {
  confirmed: number;
  waitlisted: number;
  attended: number;
}

/** What the counts need of an activity document. */
export interface CountedActivity {
  _id: unknown;
  confirmedCount?: number | null;
  waitlistedCount?: number | null;
  attendedCount?: number | null;
  countsStamp?: number | null;
}

const stampKey = (deps: IntentDeps, activityId: string) => `${readModelSpace(deps)}:activity:${activityId}:changes`;
/** Change numbers of activities nobody changed for this long expire; the next reader counts again. */
const STAMP_TTL_MS = 400 * 86_400_000;
/**
 * A missing change number starts at a random value (a new key after an expiry or a lost Redis never
 * repeats an old number, so stored counts cannot match by accident).
 */
const base = () => String(randomInt(1, 2 ** 40));

const READ_STAMPS = `local out = {}
for i, key in ipairs(KEYS) do
  redis.call('set', key, ARGV[i], 'PX', ARGV[#KEYS + 1], 'NX')
  out[i] = redis.call('get', key)
end
return out`;
const BUMP = `redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX')
local v = redis.call('incr', KEYS[1])
redis.call('pexpire', KEYS[1], ARGV[2])
return v`;

/** The current change numbers of some activities (one Redis call). */
async function readStamps(deps: IntentDeps, activityIds: string[]): Promise<number[]> {
  const keys = activityIds.map((id) => stampKey(deps, id));
  const values = (await deps.redis.eval(READ_STAMPS, keys.length, ...keys, ...keys.map(base), String(STAMP_TTL_MS))) as string[];
  return values.map(Number);
}

/** Announces a change of an activity's sign-ups; returns its new change number. */
export async function bumpActivity(deps: IntentDeps, activityId: string): Promise<number> {
  return Number(await deps.redis.eval(BUMP, 1, stampKey(deps, activityId), base(), String(STAMP_TTL_MS)));
}

/**
 * Runs a write that changes sign-ups of an activity: an intent first, the change number bumped
 * after (also when the write failed half-way), then the intent ended.
 */
export async function changingSignUps<T>(deps: IntentDeps, activityId: unknown, write: () => Promise<T>): Promise<T> {
  const id = String(activityId);
  const intent = await beginIntent(deps, `activity:${id}`);
  try {
    return await write();
  } finally {
    await bumpActivity(deps, id);
    await endIntent(deps, intent);
  }
}

/**
 * Counts an activity's sign-ups (its confirmed and its waitlisted ones: two equality reads of one
 * activity) and stores the counts with `stamp`. Without a stamp (a repair) the activity's change
 * number is bumped first, so what is stored is current.
 */
export async function recountActivity(deps: CountsDeps, activityId: unknown, stamp?: number): Promise<ActivityCounts> {
  const id = String(activityId);
  const at = stamp ?? (await bumpActivity(deps, id));
  const counts = await countActivity(deps, id);
  await deps.models.Activity.updateOne(
    { _id: id },
    { $set: { confirmedCount: counts.confirmed, waitlistedCount: counts.waitlisted, attendedCount: counts.attended, countsStamp: at } },
  ).exec();
  return counts;
}

/** Counts an activity's sign-ups: its confirmed and its waitlisted ones (two equality reads of one activity). */
async function countActivity(deps: CountsDeps, activityId: string): Promise<ActivityCounts> {
  const [confirmed, waitlisted] = await Promise.all(
    (['CONFIRMED', 'WAITLISTED'] as const).map((status) => deps.models.SignUp.find({ activityId, status }, { attended: 1 }).lean().exec()),
  );
  return { confirmed: confirmed!.length, waitlisted: waitlisted!.length, attended: confirmed!.filter((s) => s.attended).length };
}

/** Turns the intents of writers that died into bumps (their activities are counted again when read). */
export function settleActivityIntents(deps: IntentDeps): Promise<number> {
  return settleIntents(deps, 'activity:', async (target) => void (await bumpActivity(deps, target.slice('activity:'.length))));
}

/** The counts of the activities a request shows (per request: one Redis call a batch, Mongo only for changed ones). */
export function activityCountsLoader(deps: CountsDeps): DataLoader<CountedActivity, ActivityCounts, string> {
  return new DataLoader<CountedActivity, ActivityCounts, string>(
    async (activities) => {
      // Without Redis (no change numbers) the counts are still answered: counted, not stored.
      await settleActivityIntents(deps).catch(() => 0);
      const stamps = await readStamps(
        deps,
        activities.map((a) => String(a._id)),
      ).catch(() => null);
      if (!stamps) return mapReads(activities, (a) => countActivity(deps, String(a._id)));
      return Promise.all(
        activities.map((a, i) =>
          a.countsStamp === stamps[i]
            ? { confirmed: a.confirmedCount ?? 0, waitlisted: a.waitlistedCount ?? 0, attended: a.attendedCount ?? 0 }
            : recountActivity(deps, a._id, stamps[i]),
        ),
      );
    },
    { cacheKeyFn: (a) => String(a._id), maxBatchSize: 500 },
  );
}
