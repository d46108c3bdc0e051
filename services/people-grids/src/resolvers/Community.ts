import type { Context } from '../context.js';
import type { CommunityDoc } from '../models/index.js';

export const Community = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.community.load(ref.id),
  id: (c: CommunityDoc) => String(c._id),
  grids: async (c: CommunityDoc, args: { level?: string | null }, ctx: Context) => {
    const grids = await ctx.loaders.gridsByCommunity.load(String(c._id));
    return args.level ? grids.filter((g) => g.level === args.level) : grids;
  },
  // Read model kept by the recount (jobs/grid-stats.job.ts): no count on a dashboard read.
  householdCount: (c: CommunityDoc) => c.householdCount ?? 0,
  residentCount: (c: CommunityDoc) => c.residentCount ?? 0,
};
