import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as serviceTypeService from '../../services/service-type.service.js';

export const updateMatter: NonNullable<MutationResolvers['updateMatter']> = (_, args, ctx) =>
  serviceTypeService.updateMatter(ctx, args.input);
