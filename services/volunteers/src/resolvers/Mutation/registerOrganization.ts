import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as organizationService from '../../services/organization.service.js';

export const registerOrganization: NonNullable<MutationResolvers['registerOrganization']> = (_, args, ctx) =>
  organizationService.registerOrganization(ctx, args.input);
