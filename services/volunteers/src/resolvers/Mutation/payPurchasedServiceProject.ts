import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as directoryService from '../../services/directory.service.js';

export const payPurchasedServiceProject: NonNullable<MutationResolvers['payPurchasedServiceProject']> = (_, args, ctx) =>
  directoryService.payProject(ctx, args.input);
