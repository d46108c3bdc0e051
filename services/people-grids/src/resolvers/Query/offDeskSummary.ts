import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as halfDayService from '../../services/half-day.service.js';

export const offDeskSummary: NonNullable<QueryResolvers['offDeskSummary']> = (_, args, ctx) => halfDayService.offDeskSummary(ctx, args);
