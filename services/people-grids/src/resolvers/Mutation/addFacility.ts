import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as facilityService from '../../services/facility.service.js';

export const addFacility: NonNullable<MutationResolvers['addFacility']> = (_, args, ctx) => facilityService.addFacility(ctx, args.input);
