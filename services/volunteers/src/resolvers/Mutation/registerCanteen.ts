import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as organizationService from '../../services/organization.service.js';

export const registerCanteen: NonNullable<MutationResolvers['registerCanteen']> = (_, args, ctx) =>
  organizationService.registerCanteen(ctx, args.input);
