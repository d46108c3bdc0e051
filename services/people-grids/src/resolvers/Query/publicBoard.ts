import { NotFoundError } from '@jwh/platform';
import type { Context } from '../../context.js';
import { publicBoard as board } from '../../services/schedule.service.js';

export const publicBoard = async (_: unknown, args: { communityId: string; date?: string | null }, ctx: Context) =>
  (await board(ctx, args.communityId, args.date)) ?? Promise.reject(new NotFoundError('community', args.communityId));
