import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as requestService from '../../services/request.service.js';

export const serviceRequest: NonNullable<QueryResolvers['serviceRequest']> = (_, args, ctx) =>
  requestService.findServiceRequest(ctx, args.id);
