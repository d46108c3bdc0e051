import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as facilityService from '../../services/facility.service.js';

export const retireFacility: NonNullable<MutationResolvers['retireFacility']> = (_, args, ctx) =>
  facilityService.retireFacility(ctx, args.id, args.reason);
