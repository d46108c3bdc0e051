import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as halfDayService from '../../services/half-day.service.js';

export const offDeskShares: NonNullable<QueryResolvers['offDeskShares']> = (_, args, ctx) =>
  halfDayService.offDeskShares(ctx, args.communityId, args.weekOf, ctx.offDeskTarget);
