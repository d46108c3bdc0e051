import type { Context } from '../context.js';
import type { GridDoc } from '../models/index.js';
import { isOutOfRange } from '../services/grid.service.js';

export const Grid = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.grid.load(ref.id),
  id: (g: GridDoc) => String(g._id),
  community: (g: GridDoc, _: unknown, ctx: Context) => ctx.loaders.community.load(String(g.communityId)),
  parent: (g: GridDoc, _: unknown, ctx: Context) => (g.parentId ? ctx.loaders.grid.load(String(g.parentId)) : null),
  children: (g: GridDoc, _: unknown, ctx: Context) => ctx.loaders.gridsByParent.load(String(g._id)),
  workers: (g: GridDoc, _: unknown, ctx: Context) => ctx.loaders.staffByGrid.load(String(g._id)),
  outOfRange: (g: GridDoc) => isOutOfRange(g.level, g.householdCount),
  residentCount: (g: GridDoc) => g.residentCount ?? 0,
};
