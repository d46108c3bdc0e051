import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as canteenService from '../../services/canteen.service.js';

export const issueMealCard: NonNullable<MutationResolvers['issueMealCard']> = (_, args, ctx) =>
  canteenService.issueMealCard(ctx, args.input);
