import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as leaderboardService from '../../services/leaderboard.service.js';

export const pointsLeaderboard: NonNullable<QueryResolvers['pointsLeaderboard']> = (_, args, ctx) =>
  leaderboardService.pointsLeaderboard(ctx, args);
