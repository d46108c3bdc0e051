import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as facilityService from '../../services/facility.service.js';

export const inspectFacility: NonNullable<MutationResolvers['inspectFacility']> = (_, args, ctx) =>
  facilityService.inspectFacility(ctx, args.input);
