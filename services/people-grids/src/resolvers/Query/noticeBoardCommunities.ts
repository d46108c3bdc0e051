import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as scheduleService from '../../services/schedule.service.js';

export const noticeBoardCommunities: NonNullable<QueryResolvers['noticeBoardCommunities']> = (_, __, ctx) =>
  scheduleService.noticeBoardCommunities(ctx);
