import type { Context } from '../context.js';
import type { CommunityDoc } from '../models/index.js';

/** The viewer's communities by name: point reads of the ids its token carries (scope checked on each). */
export async function listCommunities(ctx: Context): Promise<CommunityDoc[]> {
  const found = await ctx.scoped.community().loadMany(ctx.viewer.communityIds ?? []);
  return found
    .filter((c): c is CommunityDoc => Boolean(c) && !(c instanceof Error))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
