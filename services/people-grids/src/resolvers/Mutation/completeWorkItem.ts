import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as facilityService from '../../services/facility.service.js';

export const completeWorkItem: NonNullable<MutationResolvers['completeWorkItem']> = (_, args, ctx) =>
  facilityService.completeWorkItem(ctx, args.id, args.note);
