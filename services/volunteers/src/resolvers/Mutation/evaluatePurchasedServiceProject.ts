import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as directoryService from '../../services/directory.service.js';

export const evaluatePurchasedServiceProject: NonNullable<MutationResolvers['evaluatePurchasedServiceProject']> = (_, args, ctx) =>
  directoryService.evaluateProject(ctx, args.input);
