import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as suggestionService from '../../services/suggestion.service.js';

export const suggestions: NonNullable<QueryResolvers['suggestions']> = (_, args, ctx) => suggestionService.listSuggestions(ctx, args);
