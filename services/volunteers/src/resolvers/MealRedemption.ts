import { documentId as id } from '@jwh/platform';
import type { MealRedemptionResolvers } from '../__generated__/resolvers-types.js';
import { redemptionCard } from '../services/canteen.service.js';

export const MealRedemption: MealRedemptionResolvers = {
  id,
  card: (r, _, ctx) => redemptionCard(ctx, r),
};
