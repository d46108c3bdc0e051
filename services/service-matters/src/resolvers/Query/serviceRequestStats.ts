import type { Context } from '../../context.js';
import { serviceRequestStats as stats } from '../../services/request.service.js';

export const serviceRequestStats = (_: unknown, args: { communityId: string; from: string; to: string }, ctx: Context) => stats(ctx, args);
