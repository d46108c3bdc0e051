import { documentId as id, loadExisting } from '@jwh/platform';
import type { MealRedemptionResolvers } from '../__generated__/resolvers-types.js';

export const MealRedemption: MealRedemptionResolvers = {
  id,
  card: (r, _, ctx) => loadExisting(ctx.loaders.mealCard, r.cardId, 'meal card'),
};
