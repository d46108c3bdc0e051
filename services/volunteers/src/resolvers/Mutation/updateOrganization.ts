import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as organizationService from '../../services/organization.service.js';

export const updateOrganization: NonNullable<MutationResolvers['updateOrganization']> = (_, args, ctx) =>
  organizationService.updateOrganization(ctx, args.input);
