import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as gridAdmin from '../../services/grid-admin.service.js';

export const assignGridWorker: NonNullable<MutationResolvers['assignGridWorker']> = (_, args, ctx) =>
  gridAdmin.assignGridWorker(ctx, args.gridId, args.staffId);
