import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as suggestionService from '../../services/suggestion.service.js';

export const replyToSuggestion: NonNullable<MutationResolvers['replyToSuggestion']> = (_, args, ctx) =>
  suggestionService.replyToSuggestion(ctx, args);
