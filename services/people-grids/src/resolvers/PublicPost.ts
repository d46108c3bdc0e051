import { documentId as id, loadExisting } from '@jwh/platform';
import type { PublicPostResolvers } from '../__generated__/resolvers-types.js';

export const PublicPost: PublicPostResolvers = {
  id,
  staff: (d, _, ctx) => loadExisting(ctx.loaders.staffMember, d.staffId, 'staff member'),
};
