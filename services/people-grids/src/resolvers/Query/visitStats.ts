import type { Context } from '../../context.js';
import { visitStats as stats } from '../../services/visit.service.js';

export const visitStats = (_: unknown, args: { communityId: string; from: string; to: string }, ctx: Context) => stats(ctx, args.communityId, args.from, args.to);
