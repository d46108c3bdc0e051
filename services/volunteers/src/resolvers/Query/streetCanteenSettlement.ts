import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as settlementService from '../../services/street-settlement.service.js';

export const streetCanteenSettlement: NonNullable<QueryResolvers['streetCanteenSettlement']> = (_, args, ctx) =>
  settlementService.streetCanteenSettlement(ctx, args.month);
