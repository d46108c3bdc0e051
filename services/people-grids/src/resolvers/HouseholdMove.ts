import { documentId as id, loadExisting } from '@jwh/platform';
import type { HouseholdMoveResolvers } from '../__generated__/resolvers-types.js';

export const HouseholdMove: HouseholdMoveResolvers = {
  id,
  household: (m, _, ctx) => loadExisting(ctx.loaders.household, m.householdId, 'household'),
  from: (m, _, ctx) => (m.fromGridId ? ctx.loaders.grid.load(String(m.fromGridId)) : null),
  to: (m, _, ctx) => loadExisting(ctx.loaders.grid, m.toGridId, 'grid'),
  byStaff: (m, _, ctx) => (m.byStaffId ? ctx.loaders.staffMember.load(m.byStaffId) : null),
};
