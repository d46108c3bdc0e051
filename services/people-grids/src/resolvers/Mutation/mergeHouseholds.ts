import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as householdAdmin from '../../services/household-admin.service.js';

export const mergeHouseholds: NonNullable<MutationResolvers['mergeHouseholds']> = (_, args, ctx) =>
  householdAdmin.mergeHouseholds(ctx, args.input);
