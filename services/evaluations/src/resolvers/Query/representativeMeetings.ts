import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as voteService from '../../services/vote.service.js';

export const representativeMeetings: NonNullable<QueryResolvers['representativeMeetings']> = (_, args, ctx) =>
  voteService.listMeetings(ctx, args.communityId);
