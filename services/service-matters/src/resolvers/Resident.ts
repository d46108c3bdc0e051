import { pageSize } from '@jwh/platform';
import type { Context } from '../context.js';

export const Resident = {
  __resolveReference: (ref: { id: string }) => ref,
  serviceRequests: async (r: { id: string }, args: { first?: number | null }, ctx: Context) =>
    (await ctx.loaders.requestsByResident.load(r.id)).slice(0, pageSize(args.first)),
  suggestions: (r: { id: string }, _: unknown, ctx: Context) => ctx.loaders.suggestionsByResident.load(r.id),
};
