import type { Context } from '../context.js';
import type { StaffMemberDoc } from '../models/index.js';

export const StaffMember = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.staffMember.load(ref.id),
  id: (s: StaffMemberDoc) => String(s._id),
  community: (s: StaffMemberDoc, _: unknown, ctx: Context) => ctx.loaders.community.load(String(s.communityId)),
  householdCount: async (s: StaffMemberDoc, _: unknown, ctx: Context) =>
    (await ctx.loaders.grid.loadMany(s.gridIds.map(String))).reduce((sum, g) => sum + (g && !(g instanceof Error) ? g.householdCount : 0), 0),
  posts: (s: StaffMemberDoc, _: unknown, ctx: Context) => ctx.loaders.postsByStaff.load(String(s._id)),
  grids: async (s: StaffMemberDoc, _: unknown, ctx: Context) =>
    (await ctx.loaders.grid.loadMany(s.gridIds.map(String))).filter((g) => g && !(g instanceof Error)),
};
