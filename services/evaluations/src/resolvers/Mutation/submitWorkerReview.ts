import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as responseService from '../../services/response.service.js';

export const submitWorkerReview: NonNullable<MutationResolvers['submitWorkerReview']> = (_, args, ctx) =>
  responseService.submitWorkerReview(ctx, args.input);
