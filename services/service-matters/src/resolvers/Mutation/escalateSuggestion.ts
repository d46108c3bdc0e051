import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as suggestionService from '../../services/suggestion.service.js';

export const escalateSuggestion: NonNullable<MutationResolvers['escalateSuggestion']> = (_, args, ctx) =>
  suggestionService.escalateSuggestion(ctx, args);
