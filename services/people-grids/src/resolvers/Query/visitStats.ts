import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as visitService from '../../services/visit.service.js';

export const visitStats: NonNullable<QueryResolvers['visitStats']> = (_, args, ctx) =>
  visitService.visitStats(ctx, args.communityId, args.from, args.to);
