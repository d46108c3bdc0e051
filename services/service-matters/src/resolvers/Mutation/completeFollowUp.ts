import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as suggestionService from '../../services/suggestion.service.js';

export const completeFollowUp: NonNullable<MutationResolvers['completeFollowUp']> = (_, args, ctx) =>
  suggestionService.completeFollowUp(ctx, args);
