import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as gridAdmin from '../../services/grid-admin.service.js';

export const unassignGridWorker: NonNullable<MutationResolvers['unassignGridWorker']> = (_, args, ctx) =>
  gridAdmin.unassignGridWorker(ctx, args.gridId, args.staffId);
