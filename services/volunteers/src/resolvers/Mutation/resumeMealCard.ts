import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as mealCardService from '../../services/meal-card.service.js';

export const resumeMealCard: NonNullable<MutationResolvers['resumeMealCard']> = (_, args, ctx) =>
  mealCardService.resumeMealCard(ctx, args.cardId, args.reason);
