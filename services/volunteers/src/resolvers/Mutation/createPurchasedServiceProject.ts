import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as directoryService from '../../services/directory.service.js';

export const createPurchasedServiceProject: NonNullable<MutationResolvers['createPurchasedServiceProject']> = (_, args, ctx) =>
  directoryService.createProject(ctx, args.input);
