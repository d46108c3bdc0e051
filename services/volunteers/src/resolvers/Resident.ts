import type { Context } from '../context.js';

export const Resident = {
  __resolveReference: (ref: { id: string }) => ref,
  signUps: (r: { id: string }, _: unknown, ctx: Context) => ctx.loaders.signUpsByResident.load(r.id),
  mealCard: async (r: { id: string }, _: unknown, ctx: Context) => (await ctx.loaders.mealCardByResident.load(r.id))[0] ?? null,
  volunteer: async (r: { id: string }, _: unknown, ctx: Context) => (await ctx.loaders.volunteerByResident.load(r.id))[0] ?? null,
};
