import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as requestService from '../../services/request.service.js';

export const advanceServiceRequest: NonNullable<MutationResolvers['advanceServiceRequest']> = (_, args, ctx) =>
  requestService.advanceServiceRequest(ctx, args.input);
