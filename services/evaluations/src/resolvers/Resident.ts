import type { Context } from '../context.js';

export const Resident = {
  __resolveReference: (ref: { id: string }) => ref,
  surveyResponses: (r: { id: string }, _: unknown, ctx: Context) => ctx.loaders.responsesByResident.load(r.id),
};
