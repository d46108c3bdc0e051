import { documentId as id, loadExisting } from '@jwh/platform';
import type { VisitResolvers } from '../__generated__/resolvers-types.js';
import { findVisit } from '../services/visit.service.js';

export const Visit: VisitResolvers = {
  __resolveReference: (ref, ctx) => findVisit(ctx, ref.id),
  id,
  staff: (v, _, ctx) => loadExisting(ctx.loaders.staffMember, v.staffId, 'staff member'),
  grid: (v, _, ctx) => (v.gridId ? ctx.loaders.grid.load(String(v.gridId)) : null),
  household: (v, _, ctx) => (v.householdId ? ctx.loaders.household.load(String(v.householdId)) : null),
  resident: (v, _, ctx) => (v.residentId ? ctx.loaders.resident.load(String(v.residentId)) : null),
};
