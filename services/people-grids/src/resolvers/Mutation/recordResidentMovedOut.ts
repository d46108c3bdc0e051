import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as residentAdmin from '../../services/resident-admin.service.js';

export const recordResidentMovedOut: NonNullable<MutationResolvers['recordResidentMovedOut']> = (_, args, ctx) =>
  residentAdmin.recordResidentMovedOut(ctx, args.input);
