import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as organizationService from '../../services/organization.service.js';

export const retireOrganization: NonNullable<MutationResolvers['retireOrganization']> = (_, args, ctx) =>
  organizationService.retireOrganization(ctx, args.id, args.reason);
