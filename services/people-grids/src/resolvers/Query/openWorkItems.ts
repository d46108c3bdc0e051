import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as facilityService from '../../services/facility.service.js';

export const openWorkItems: NonNullable<QueryResolvers['openWorkItems']> = (_, args, ctx) =>
  facilityService.openWorkItems(ctx, args.communityId);
