import { documentId as id, loadExisting } from '@jwh/platform';
import type { HouseholdResolvers, ResidentTag } from '../__generated__/resolvers-types.js';
import { householdView } from '../services/household-admin.service.js';

export const Household: HouseholdResolvers = {
  // References from other subgraphs resolve within the viewer's own scope, like root lookups.
  __resolveReference: (ref, ctx) => ctx.scoped.household().load(ref.id),
  id,
  community: (h, _, ctx) => loadExisting(ctx.loaders.community, h.communityId, 'community'),
  grid: (h, _, ctx) => (h.gridId ? ctx.loaders.grid.load(String(h.gridId)) : null),
  members: (h, _, ctx) => ctx.loaders.membersByHousehold.load(String(h._id)),
  memberCount: async (h, _, ctx) => (await householdView(ctx, h)).memberCount,
  tags: async (h, _, ctx) => (await householdView(ctx, h)).tags as ResidentTag[],
};
