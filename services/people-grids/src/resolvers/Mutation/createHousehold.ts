import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as householdAdmin from '../../services/household-admin.service.js';

export const createHousehold: NonNullable<MutationResolvers['createHousehold']> = (_, args, ctx) =>
  householdAdmin.createHousehold(ctx, args.input);
