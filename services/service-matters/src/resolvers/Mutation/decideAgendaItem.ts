import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as suggestionService from '../../services/suggestion.service.js';

export const decideAgendaItem: NonNullable<MutationResolvers['decideAgendaItem']> = (_, args, ctx) =>
  suggestionService.decideAgendaItem(ctx, args.input);
