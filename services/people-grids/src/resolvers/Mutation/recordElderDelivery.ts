import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as elderService from '../../services/elder-service.service.js';

export const recordElderDelivery: NonNullable<MutationResolvers['recordElderDelivery']> = (_, args, ctx) =>
  elderService.recordElderDelivery(ctx, args.input);
