import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as residentAdmin from '../../services/resident-admin.service.js';

export const updateResident: NonNullable<MutationResolvers['updateResident']> = (_, args, ctx) =>
  residentAdmin.updateResident(ctx, args.input);
