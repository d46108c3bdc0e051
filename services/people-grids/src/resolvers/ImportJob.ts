import { documentId as id, loadExisting } from '@jwh/platform';
import type { ImportJobResolvers } from '../__generated__/resolvers-types.js';
import { importErrors } from '../services/import-job.service.js';

export const ImportJob: ImportJobResolvers = {
  id,
  community: (j, _, ctx) => loadExisting(ctx.loaders.community, j.communityId, 'community'),
  errors: (j, args, ctx) => importErrors(ctx, j._id, args),
};
