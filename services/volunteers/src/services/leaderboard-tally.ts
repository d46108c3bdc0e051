import {
  beginIntent,
  endIntent,
  localMonth,
  readModelSpace,
  settleIntents,
  stableObjectId,
  withLock,
  type IntentDeps,
  type Logger,
} from '@jwh/platform';
import type { Types } from 'mongoose';
import type { LeaderboardRow, Models, VolunteerDoc } from '../models/index.js';
import { entryHours, pointsKind } from './points-ledger.js';

/**
 * The points leaderboards as a read model (志愿积分排行榜): one document per community and period
 * (a month `2026-11`, a year `2026`, all time `ALL`) holding its best LEADERBOARD_SIZE volunteers,
 * read by id. Kept with every write that earns: confirmed hours (points, hours) and a check-in at a
 * volunteer call (activities). Spending points on a priority sign-up and the refund of it earn
 * nothing, so they never move a place.
 *
 * A write places its volunteer again from the volunteer's own ledger and check-ins (two equality
 * reads), not with `$inc`: a retry, or a repair after a writer died, sets the same figures again
 * instead of counting twice. What a volunteer earned only grows (the ledger is append-only, a
 * check-in is never undone), so a board merges a new figure by taking the larger one: writers that
 * finish out of order, or the one-off build racing live writes, cannot lower a place, and a
 * volunteer pushed off the top stays off until its own figures grow. Each board is rewritten under
 * its Redis lock (FerretDB does not serialise read-modify-writes of one document).
 */
export type LeaderboardDeps = IntentDeps<Models>;

/** How many volunteers a board keeps (and the largest `first` of `pointsLeaderboard`). */
export const LEADERBOARD_SIZE = 50;

/** The read-model intents of the leaderboards: `leaderboard:<volunteer id>`. */
const KIND = 'leaderboard:';

/** A volunteer's figures of one period. */
type Tally = Pick<LeaderboardRow, 'points' | 'hours' | 'activities'>;

/** The board of a community's period (`2026-11`, `2026` or `ALL`). */
export const leaderboardId = (communityId: unknown, period: string): Types.ObjectId =>
  stableObjectId(`leaderboard:${String(communityId)}:${period}`);

/** The periods an instant counts in: its month and year (Asia/Shanghai) and all time. */
export function periodsOf(at: Date): string[] {
  const month = localMonth(at);
  return [month, month.slice(0, 4), 'ALL'];
}

/** Best first: most points, then hours, then volunteer calls attended; the volunteer's id settles the rest. */
export function byPlace(a: LeaderboardRow, b: LeaderboardRow): number {
  return (
    b.points - a.points || b.hours - a.hours || b.activities - a.activities || String(a.volunteerId).localeCompare(String(b.volunteerId))
  );
}

/** What a volunteer earned and attended, dated. */
interface Sources {
  earnings: { at: Date; points: number; hours: number }[];
  calls: Date[];
}

/** A volunteer's figures by period, from its earnings and check-ins (only of `periods`, when given). */
function talliesOf({ earnings, calls }: Sources, periods?: readonly string[]): Map<string, Tally> {
  const out = new Map<string, Tally>();
  const add = (at: Date, points: number, hours: number, activities: number) => {
    for (const period of periodsOf(at)) {
      if (periods && !periods.includes(period)) continue;
      const t = out.get(period) ?? { points: 0, hours: 0, activities: 0 };
      out.set(period, { points: t.points + points, hours: t.hours + hours, activities: t.activities + activities });
    }
  };
  for (const e of earnings) add(e.at, e.points, e.hours, 0);
  for (const at of calls) add(at, 0, 0, 1);
  return out;
}

type Ledger = { idempotencyKey: string; delta: number; hours?: number | null; at: Date }[];
const earningsOf = (ledger: Ledger): Sources['earnings'] =>
  ledger.filter((e) => pointsKind(e) === 'EARNED').map((e) => ({ at: e.at, points: e.delta, hours: entryHours(e) }));

/** A volunteer's earnings (its ledger) and volunteer calls checked in at: one equality read each. */
async function sourcesOf(models: Models, v: Pick<VolunteerDoc, '_id' | 'residentId'>): Promise<Sources> {
  const [ledger, calls] = await Promise.all([
    models.PointsEntry.find({ volunteerId: v._id }, { idempotencyKey: 1, delta: 1, hours: 1, at: 1 }).lean().exec(),
    v.residentId
      ? models.SignUp.find({ residentId: v.residentId, attended: true, volunteerCall: true }, { attendedAt: 1 }).lean().exec()
      : [],
  ]);
  return { earnings: earningsOf(ledger), calls: calls.flatMap((s) => (s.attendedAt ? [s.attendedAt] : [])) };
}

const lockKey = (deps: LeaderboardDeps, board: Types.ObjectId) => `${readModelSpace(deps)}:lock:leaderboard:${String(board)}`;

/** Merges volunteers' figures into a community's board of `period`, under the board's lock (the larger figure wins). */
async function mergeIntoBoard(deps: LeaderboardDeps, communityId: unknown, period: string, rows: LeaderboardRow[]): Promise<void> {
  const _id = leaderboardId(communityId, period);
  await withLock(deps.redis, lockKey(deps, _id), async () => {
    const board = await deps.models.Leaderboard.findById(_id, { rows: 1 }).lean<{ rows: LeaderboardRow[] }>().exec();
    const before = board?.rows ?? [];
    const places = new Map(before.map((r) => [String(r.volunteerId), r]));
    for (const r of rows) {
      const was = places.get(String(r.volunteerId));
      places.set(
        String(r.volunteerId),
        was
          ? {
              ...r,
              points: Math.max(r.points, was.points),
              hours: Math.max(r.hours, was.hours),
              activities: Math.max(r.activities, was.activities),
            }
          : r,
      );
    }
    const top = [...places.values()]
      .filter((r) => r.points > 0 || r.activities > 0)
      .sort(byPlace)
      .slice(0, LEADERBOARD_SIZE);
    if (board && JSON.stringify(top) === JSON.stringify(before)) return;
    await deps.models.Leaderboard.updateOne(
      { _id },
      { $set: { rows: top }, $setOnInsert: { communityId, period } },
      { upsert: true },
    ).exec();
  });
}

type Placed = Pick<VolunteerDoc, '_id' | 'residentId' | 'communityId'>;

/** Places a volunteer on its community's boards again from its own figures: of `periods`, or of every period it has figures in. */
async function place(deps: LeaderboardDeps, v: Placed, periods?: readonly string[]): Promise<void> {
  const tallies = talliesOf(await sourcesOf(deps.models, v), periods);
  for (const [period, t] of tallies) {
    await mergeIntoBoard(deps, v.communityId, period, [{ volunteerId: v._id, residentId: v.residentId ?? null, ...t }]);
  }
}

/**
 * Runs a write that earns for volunteer `v` (confirmed hours, a check-in) and places the volunteer
 * on the boards of the periods of `at(result)` (null: the write earned nothing). An intent is held
 * from before the write until the boards have it: a writer that dies in between leaves it, and the
 * next read repairs the volunteer's places (`settleLeaderboards`).
 */
export async function earning<T>(deps: LeaderboardDeps, v: Placed, write: () => Promise<T>, at: (result: T) => Date | null): Promise<T> {
  const intent = await beginIntent(deps, `${KIND}${String(v._id)}`);
  const result = await write();
  const when = at(result);
  if (when) await place(deps, v, periodsOf(when));
  await endIntent(deps, intent);
  return result;
}

/** Repairs the places of volunteers whose writers died before the boards had their change (a Redis read when there is none). */
export function settleLeaderboards(deps: LeaderboardDeps): Promise<number> {
  return settleIntents(deps, KIND, async (target) => {
    const v = await deps.models.Volunteer.findById(target.slice(KIND.length), { residentId: 1, communityId: 1 }).lean().exec();
    if (v) await place(deps, v);
  });
}

/** Fills in check-ins from before the leaderboard: their day and whether the activity was a volunteer call. */
async function datePastCheckIns(models: Models): Promise<void> {
  const undated = (await models.SignUp.find({ attended: true }, { activityId: 1, attendedAt: 1 }).lean().exec()).filter(
    (s) => !s.attendedAt,
  );
  for (const activityId of new Set(undated.map((s) => String(s.activityId)))) {
    const a = await models.Activity.findById(activityId, { startsAt: 1, volunteersOnly: 1 }).lean().exec();
    if (!a) continue;
    await models.SignUp.updateMany(
      { activityId, attended: true, attendedAt: null },
      { $set: { attendedAt: a.startsAt, volunteerCall: a.volunteersOnly } },
    ).exec();
  }
}

/**
 * Builds every board from the ledger and the check-ins (one scan of each): what a database written
 * before the leaderboard needs once (`buildLeaderboardsOnce`). Merged like any write, so it can run
 * beside live writes and again. Returns how many boards it wrote.
 */
export async function buildLeaderboards(deps: LeaderboardDeps): Promise<number> {
  const { models } = deps;
  await datePastCheckIns(models);
  const [volunteers, ledger, calls] = await Promise.all([
    models.Volunteer.find({}, { residentId: 1, communityId: 1 }).lean().exec(),
    models.PointsEntry.find({}, { volunteerId: 1, idempotencyKey: 1, delta: 1, hours: 1, at: 1 }).lean().exec(),
    models.SignUp.find({ attended: true, volunteerCall: true }, { residentId: 1, attendedAt: 1 }).lean().exec(),
  ]);
  const group = <T>(rows: T[], key: (r: T) => unknown) => {
    const out = new Map<string, T[]>();
    for (const r of rows) {
      const k = String(key(r));
      const list = out.get(k);
      if (list) list.push(r);
      else out.set(k, [r]);
    }
    return out;
  };
  const ledgers = group(ledger, (e) => e.volunteerId);
  const callsOf = group(calls, (s) => s.residentId);
  const boards = new Map<string, { communityId: unknown; period: string; rows: LeaderboardRow[] }>();
  for (const v of volunteers) {
    const sources: Sources = {
      earnings: earningsOf(ledgers.get(String(v._id)) ?? []),
      calls: v.residentId ? (callsOf.get(String(v.residentId)) ?? []).flatMap((s) => (s.attendedAt ? [s.attendedAt] : [])) : [],
    };
    for (const [period, t] of talliesOf(sources)) {
      const key = `${String(v.communityId)}:${period}`;
      const board = boards.get(key) ?? { communityId: v.communityId, period, rows: [] };
      board.rows.push({ volunteerId: v._id, residentId: v.residentId ?? null, ...t });
      boards.set(key, board);
    }
  }
  for (const b of boards.values()) await mergeIntoBoard(deps, b.communityId, b.period, b.rows);
  return boards.size;
}

/** `buildLeaderboards` once per database (a marker in `_migrations` says it ran; later starts make one read by id). */
export async function buildLeaderboardsOnce(deps: LeaderboardDeps, logger: Logger): Promise<void> {
  const markers = deps.models.Leaderboard.db.collection<{ _id: string }>('_migrations');
  if (await markers.findOne({ _id: 'leaderboards' })) return;
  const boards = await buildLeaderboards(deps);
  await markers.updateOne({ _id: 'leaderboards' }, { $set: { at: new Date(), boards } }, { upsert: true });
  logger.info({ boards }, 'points leaderboards built from the ledger');
}
