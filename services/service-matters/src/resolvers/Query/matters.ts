import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as serviceTypeService from '../../services/service-type.service.js';

export const matters: NonNullable<QueryResolvers['matters']> = (_, args, ctx) =>
  serviceTypeService.listMatters(ctx, args.includeRetired ?? false);
