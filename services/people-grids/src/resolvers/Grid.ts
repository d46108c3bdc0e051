import { documentId as id, loadExisting } from '@jwh/platform';
import type { GridResolvers } from '../__generated__/resolvers-types.js';
import { gridChildren, gridHouseholds, isOutOfRange } from '../services/grid.service.js';

export const Grid: GridResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.grid.load(ref.id),
  id,
  community: (g, _, ctx) => loadExisting(ctx.loaders.community, g.communityId, 'community'),
  parent: (g, _, ctx) => (g.parentId ? ctx.loaders.grid.load(String(g.parentId)) : null),
  children: (g, _, ctx) => gridChildren(ctx, g),
  workers: (g, _, ctx) => ctx.loaders.staffByGrid.load(String(g._id)),
  outOfRange: (g) => isOutOfRange(g.level, g.householdCount),
  residentCount: (g) => g.residentCount ?? 0,
  facilities: async (g, { type }, ctx) => {
    const grids = g.level === 'BIG' ? await gridChildren(ctx, g) : [g];
    const all = (await ctx.loaders.facilitiesByGrid.loadMany(grids.map((c) => String(c._id)))).flatMap((f) => (Array.isArray(f) ? f : []));
    return type ? all.filter((f) => f.type === type) : all;
  },
  households: (g, args, ctx) => gridHouseholds(ctx, g, args),
};
