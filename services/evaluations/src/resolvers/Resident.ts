import type { ResidentResolvers } from '../__generated__/resolvers-types.js';

export const Resident: ResidentResolvers = {
  __resolveReference: (r) => r,
  surveyResponses: (r, _, ctx) => ctx.loaders.responsesByResident.load(r.id),
};
