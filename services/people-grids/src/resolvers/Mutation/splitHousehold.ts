import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as householdAdmin from '../../services/household-admin.service.js';

export const splitHousehold: NonNullable<MutationResolvers['splitHousehold']> = (_, args, ctx) =>
  householdAdmin.splitHousehold(ctx, args.input);
