import { documentId as id, loadExisting } from '@jwh/platform';
import type { HalfDayResolvers } from '../__generated__/resolvers-types.js';

export const HalfDay: HalfDayResolvers = {
  id,
  staff: (d, _, ctx) => loadExisting(ctx.loaders.staffMember, d.staffId, 'staff member'),
};
