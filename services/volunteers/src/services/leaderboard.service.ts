import { BadUserInputError, isObjectId, localDate } from '@jwh/platform';
import type { Context } from '../context.js';
import type { LeaderboardPeriod, QueryPointsLeaderboardArgs } from '../__generated__/resolvers-types.js';
import type { LeaderboardRow } from '../models/index.js';
import { LEADERBOARD_SIZE, byPlace, leaderboardId, settleLeaderboards } from './leaderboard-tally.js';

/** A place on a leaderboard: the volunteer's figures and its rank (the schema's LeaderboardEntry). */
export type LeaderboardPlace = LeaderboardRow & { rank: number };

/** How many places `pointsLeaderboard` answers without `first`. */
const DEFAULT_PLACES = 10;

/** The board's period of a date: its month, its year, or all time. */
function periodKey(period: LeaderboardPeriod, at: string): string {
  if (period === 'MONTH') return at.slice(0, 7);
  if (period === 'YEAR') return at.slice(0, 4);
  if (period === 'ALL') return 'ALL';
  throw new BadUserInputError('period', '须为 MONTH、YEAR 或 ALL (one of MONTH | YEAR | ALL)');
}

/**
 * A community's points leaderboard of a period (the month or year of `at`, today by default, or
 * all time): the first `first` places (1–50, default 10), best first, volunteers with equal points
 * sharing a rank. One read by id (the read model of leaderboard-tally.ts). A community outside the
 * viewer's scope has no places for it, as its activities and rooms have none.
 */
export async function pointsLeaderboard(ctx: Context, args: QueryPointsLeaderboardArgs): Promise<LeaderboardPlace[]> {
  if (!isObjectId(args.communityId)) throw new BadUserInputError('communityId', '无效的编号 (invalid id)');
  const first = args.first ?? DEFAULT_PLACES;
  if (!Number.isInteger(first) || first < 1 || first > LEADERBOARD_SIZE)
    throw new BadUserInputError('first', `必须在 1 到 ${LEADERBOARD_SIZE} 之间 (must be between 1 and ${LEADERBOARD_SIZE})`);
  const period = periodKey(args.period, args.at ?? localDate());
  if (!ctx.viewer.communityIds.includes(args.communityId)) return [];
  // A writer that died between its write and the boards left an intent: its volunteer is placed again first.
  await settleLeaderboards(ctx).catch(() => 0);
  const board = await ctx.models.Leaderboard.findById(leaderboardId(args.communityId, period), { rows: 1 })
    .lean<{ rows: LeaderboardRow[] }>()
    .exec();
  const rows = [...(board?.rows ?? [])].sort(byPlace).slice(0, first);
  return rows.map((r) => ({ ...r, rank: rows.findIndex((o) => o.points === r.points) + 1 }));
}
