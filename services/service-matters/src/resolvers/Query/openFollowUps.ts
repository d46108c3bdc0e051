import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as suggestionService from '../../services/suggestion.service.js';

export const openFollowUps: NonNullable<QueryResolvers['openFollowUps']> = (_, args, ctx) =>
  suggestionService.openFollowUps(ctx, args.communityId);
