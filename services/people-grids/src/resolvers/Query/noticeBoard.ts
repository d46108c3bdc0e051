import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as scheduleService from '../../services/schedule.service.js';

export const noticeBoard: NonNullable<QueryResolvers['noticeBoard']> = (_, args, ctx) =>
  scheduleService.noticeBoard(ctx, args.communityId, args.date);
