import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as rateService from '../../services/rates.service.js';

export const threeRatesTrend: NonNullable<QueryResolvers['threeRatesTrend']> = (_, args, ctx) => rateService.threeRatesTrend(ctx, args);
