import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as mealCardService from '../../services/meal-card.service.js';

export const issueMealCards: NonNullable<MutationResolvers['issueMealCards']> = (_, args, ctx) =>
  mealCardService.issueMealCards(ctx, args.input);
