import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as facilityService from '../../services/facility.service.js';

export const updateFacility: NonNullable<MutationResolvers['updateFacility']> = (_, args, ctx) =>
  facilityService.updateFacility(ctx, args.input);
