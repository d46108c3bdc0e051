import type { Context } from '../context.js';
import type { ServiceTypeDoc } from '../models/index.js';

export const ServiceType = {
  __resolveReference: (ref: { code: string }, ctx: Context) => ctx.loaders.serviceType.load(ref.code),
  eligibility: (t: ServiceTypeDoc) => ({
    minAge: t.eligibility?.minAge ?? null,
    localHukouRequired: Boolean(t.eligibility?.localHukouRequired),
    requiredTag: t.eligibility?.requiredTag ?? null,
  }),
};
