import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as canteenService from '../../services/canteen.service.js';

export const redeemMealCard: NonNullable<MutationResolvers['redeemMealCard']> = (_, args, ctx) =>
  canteenService.redeemMealCard(ctx, args.input);
