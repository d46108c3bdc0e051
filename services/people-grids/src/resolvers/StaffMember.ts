import { documentId as id, loadExisting } from '@jwh/platform';
import type { StaffMemberResolvers } from '../__generated__/resolvers-types.js';
import { staffGrids, staffHouseholdCount } from '../services/staff-member.service.js';

export const StaffMember: StaffMemberResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.staffMember.load(ref.id),
  id,
  community: (s, _, ctx) => loadExisting(ctx.loaders.community, s.communityId, 'community'),
  householdCount: (s, _, ctx) => staffHouseholdCount(ctx, s),
  posts: (s, _, ctx) => ctx.loaders.postsByStaff.load(String(s._id)),
  grids: (s, _, ctx) => staffGrids(ctx, s),
};
