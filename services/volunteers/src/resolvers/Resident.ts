import type { Context } from '../context.js';

export const Resident = {
  __resolveReference: (ref: { id: string }) => ref,
  volunteer: async (r: { id: string }, _: unknown, ctx: Context) => (await ctx.loaders.volunteerByResident.load(r.id))[0] ?? null,
};
