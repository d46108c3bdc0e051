import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as elderService from '../../services/elder-service.service.js';

export const elderServices: NonNullable<QueryResolvers['elderServices']> = (_, args, ctx) =>
  elderService.elderServices(ctx, args.communityId, args.occasion);
