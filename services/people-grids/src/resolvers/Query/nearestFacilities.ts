import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as facilityService from '../../services/facility.service.js';

export const nearestFacilities: NonNullable<QueryResolvers['nearestFacilities']> = (_, args, ctx) =>
  facilityService.nearestFacilities(ctx, args);
