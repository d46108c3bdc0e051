import { documentId as id } from '@jwh/platform';
import type { ServiceTypeResolvers } from '../__generated__/resolvers-types.js';
import type { MatterVersionDoc } from '../models/service-type.model.js';
import * as serviceTypeService from '../services/service-type.service.js';

/** A matter's or a version's eligibility rules as the schema shows them. */
export const eligibilityOf = (t: Pick<MatterVersionDoc, 'eligibility'>) => ({
  minAge: t.eligibility?.minAge ?? null,
  localHukouRequired: Boolean(t.eligibility?.localHukouRequired),
  requiredTag: t.eligibility?.requiredTag ?? null,
});

export const ServiceType: ServiceTypeResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.matter.load(ref.id),
  id,
  eligibility: eligibilityOf,
  versions: (t, _, ctx) => serviceTypeService.matterVersions(ctx, t),
  retired: (t) => t.retiredAt != null,
};
