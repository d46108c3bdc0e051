import type { Context } from '../../context.js';
import { gridsOutOfRange as find } from '../../services/grid.service.js';

export const gridsOutOfRange = (_: unknown, args: { communityId: string }, ctx: Context) => find(ctx, args.communityId);
