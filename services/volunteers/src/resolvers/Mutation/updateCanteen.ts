import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as organizationService from '../../services/organization.service.js';

export const updateCanteen: NonNullable<MutationResolvers['updateCanteen']> = (_, args, ctx) =>
  organizationService.updateCanteen(ctx, args.input);
