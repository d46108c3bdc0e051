import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as halfDayService from '../../services/half-day.service.js';

export const recordHalfDay: NonNullable<MutationResolvers['recordHalfDay']> = (_, args, ctx) =>
  halfDayService.recordHalfDay(ctx, args.input);
