import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as rateService from '../../services/rates.service.js';

export const threeRates: NonNullable<QueryResolvers['threeRates']> = (_, args, ctx) => rateService.threeRates(ctx, args);
