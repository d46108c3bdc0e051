import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as allianceService from '../../services/alliance.service.js';

export const createAlliance: NonNullable<MutationResolvers['createAlliance']> = (_, args, ctx) =>
  allianceService.createAlliance(ctx, args.input);
