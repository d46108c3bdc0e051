import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as requestService from '../../services/request.service.js';

export const createServiceRequest: NonNullable<MutationResolvers['createServiceRequest']> = (_, args, ctx) =>
  requestService.createServiceRequest(ctx, args.input);
