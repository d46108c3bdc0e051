import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as allianceService from '../../services/alliance.service.js';

export const removeAllianceMember: NonNullable<MutationResolvers['removeAllianceMember']> = (_, args, ctx) =>
  allianceService.removeAllianceMember(ctx, args.allianceId, args.organizationId, args.reason);
