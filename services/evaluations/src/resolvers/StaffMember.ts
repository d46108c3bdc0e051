import type { Context } from '../context.js';

export const StaffMember = {
  __resolveReference: (ref: { id: string }) => ref,
  reviews: (s: { id: string }, _: unknown, ctx: Context) => ctx.loaders.reviewsByStaff.load(s.id),
};
