import type { CanteenMonthResolvers } from '../__generated__/resolvers-types.js';
import { monthRedemptions } from '../services/canteen.service.js';

export const CanteenMonth: CanteenMonthResolvers = {
  redemptions: (m, _, ctx) => monthRedemptions(ctx, m),
};
