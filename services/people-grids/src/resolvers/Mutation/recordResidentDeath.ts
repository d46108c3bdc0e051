import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as residentAdmin from '../../services/resident-admin.service.js';

export const recordResidentDeath: NonNullable<MutationResolvers['recordResidentDeath']> = (_, args, ctx) =>
  residentAdmin.recordResidentDeath(ctx, args.input);
