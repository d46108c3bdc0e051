import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as suggestionService from '../../services/suggestion.service.js';

export const jointMeetings: NonNullable<QueryResolvers['jointMeetings']> = (_, args, ctx) =>
  suggestionService.listJointMeetings(ctx, args.communityId);
