import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as suggestionService from '../../services/suggestion.service.js';

export const rateSuggestion: NonNullable<MutationResolvers['rateSuggestion']> = (_, args, ctx) =>
  suggestionService.rateSuggestion(ctx, args);
