import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as suggestionService from '../../services/suggestion.service.js';

export const createSuggestion: NonNullable<MutationResolvers['createSuggestion']> = (_, args, ctx) =>
  suggestionService.createSuggestion(ctx, args.input);
