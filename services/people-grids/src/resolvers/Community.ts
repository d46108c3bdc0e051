import { documentId as id } from '@jwh/platform';
import type { CommunityResolvers } from '../__generated__/resolvers-types.js';
import { communityBuildings } from '../services/building.service.js';
import { communityGrids } from '../services/grid.service.js';

export const Community: CommunityResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.community.load(ref.id),
  id,
  grids: (c, args, ctx) => communityGrids(ctx, c._id, args.level),
  // Read model kept by the recount (jobs/grid-stats.job.ts): no count on a dashboard read.
  householdCount: (c) => c.householdCount ?? 0,
  residentCount: (c) => c.residentCount ?? 0,
  buildings: (c, _, ctx) => communityBuildings(ctx, c),
};
