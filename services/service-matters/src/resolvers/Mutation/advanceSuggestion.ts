import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as suggestionService from '../../services/suggestion.service.js';

export const advanceSuggestion: NonNullable<MutationResolvers['advanceSuggestion']> = (_, args, ctx) =>
  suggestionService.advanceSuggestion(ctx, args);
