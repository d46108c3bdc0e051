import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as allianceService from '../../services/alliance.service.js';

export const addAllianceMember: NonNullable<MutationResolvers['addAllianceMember']> = (_, args, ctx) =>
  allianceService.addAllianceMember(ctx, args.allianceId, args.organizationId);
