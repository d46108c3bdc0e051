import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as responseService from '../../services/response.service.js';

export const invalidateWorkerReview: NonNullable<MutationResolvers['invalidateWorkerReview']> = (_, args, ctx) =>
  responseService.invalidateWorkerReview(ctx, args);
