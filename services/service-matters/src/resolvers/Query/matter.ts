import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as serviceTypeService from '../../services/service-type.service.js';

export const matter: NonNullable<QueryResolvers['matter']> = (_, args, ctx) => serviceTypeService.findMatter(ctx, args.code);
