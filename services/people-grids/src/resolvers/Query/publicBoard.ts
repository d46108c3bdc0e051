import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as scheduleService from '../../services/schedule.service.js';

export const publicBoard: NonNullable<QueryResolvers['publicBoard']> = (_, args, ctx) =>
  scheduleService.publicBoard(ctx, args.communityId, args.date);
