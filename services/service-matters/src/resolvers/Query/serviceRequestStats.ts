import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as requestService from '../../services/request.service.js';

export const serviceRequestStats: NonNullable<QueryResolvers['serviceRequestStats']> = (_, args, ctx) =>
  requestService.serviceRequestStats(ctx, args);
