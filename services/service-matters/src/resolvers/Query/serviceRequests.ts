import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as requestService from '../../services/request.service.js';

export const serviceRequests: NonNullable<QueryResolvers['serviceRequests']> = (_, args, ctx) =>
  requestService.listServiceRequests(ctx, args);
