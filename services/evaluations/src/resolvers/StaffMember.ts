import type { StaffMemberResolvers } from '../__generated__/resolvers-types.js';
import { reviewSummary } from '../services/response.service.js';

export const StaffMember: StaffMemberResolvers = {
  __resolveReference: (r) => r,
  reviews: (s, _, ctx) => ctx.loaders.reviewsByStaff.load(s.id),
  reviewSummary: (s, args, ctx) => reviewSummary(ctx, s.id, args.period),
};
