import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as mealCardService from '../../services/meal-card.service.js';

export const suspendMealCard: NonNullable<MutationResolvers['suspendMealCard']> = (_, args, ctx) =>
  mealCardService.suspendMealCard(ctx, args.cardId, args.reason);
