import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as serviceTypeService from '../../services/service-type.service.js';

export const addMatter: NonNullable<MutationResolvers['addMatter']> = (_, args, ctx) => serviceTypeService.addMatter(ctx, args.input);
