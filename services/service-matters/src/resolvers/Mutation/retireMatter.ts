import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as serviceTypeService from '../../services/service-type.service.js';

export const retireMatter: NonNullable<MutationResolvers['retireMatter']> = (_, args, ctx) =>
  serviceTypeService.retireMatter(ctx, args.code, args.reason);
