import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as rosterService from '../../services/roster.service.js';

export const swapDutyShifts: NonNullable<MutationResolvers['swapDutyShifts']> = (_, args, ctx) =>
  rosterService.swapDutyShifts(ctx, args.input);
