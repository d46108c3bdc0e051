import type { Context } from '../../context.js';
import { offDeskSummary as summary, offDeskShares as shares } from '../../services/half-day.service.js';

export const offDeskShares = (_: unknown, args: { communityId: string; weekOf: string }, ctx: Context) =>
  shares(ctx, args.communityId, args.weekOf, ctx.offDeskTarget);

export const offDeskSummary = (_: unknown, args: { communityId: string; from: string; to: string }, ctx: Context) => summary(ctx, args);
