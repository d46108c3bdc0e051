import type { Context } from '../context.js';
import type { HouseholdDoc } from '../models/index.js';

export const Household = {
  // References from other subgraphs resolve within the viewer's own scope, like root lookups.
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.scoped.household().load(ref.id),
  id: (h: HouseholdDoc) => String(h._id),
  community: (h: HouseholdDoc, _: unknown, ctx: Context) => ctx.loaders.community.load(String(h.communityId)),
  grid: (h: HouseholdDoc, _: unknown, ctx: Context) => (h.gridId ? ctx.loaders.grid.load(String(h.gridId)) : null),
  members: (h: HouseholdDoc, _: unknown, ctx: Context) => ctx.loaders.membersByHousehold.load(String(h._id)),
};
