import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as mealCardService from '../../services/meal-card.service.js';

export const replaceMealCard: NonNullable<MutationResolvers['replaceMealCard']> = (_, args, ctx) =>
  mealCardService.replaceMealCard(ctx, args.input);
