import type { ServiceTypeResolvers } from '../__generated__/resolvers-types.js';

export const ServiceType: ServiceTypeResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.serviceType.load(ref.code),
  eligibility: (t) => ({
    minAge: t.eligibility?.minAge ?? null,
    localHukouRequired: Boolean(t.eligibility?.localHukouRequired),
    requiredTag: t.eligibility?.requiredTag ?? null,
  }),
};
