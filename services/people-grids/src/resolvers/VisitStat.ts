import { loadExisting } from '@jwh/platform';
import type { VisitStatResolvers } from '../__generated__/resolvers-types.js';

export const VisitStat: VisitStatResolvers = {
  staff: (s, _, ctx) => loadExisting(ctx.loaders.staffMember, s.staffId, 'staff member'),
};
