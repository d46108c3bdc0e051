import { documentId as id, loadExisting } from '@jwh/platform';
import type { ResidentResolvers } from '../__generated__/resolvers-types.js';
import { ageToday, elderTier } from '../services/age.js';

export const Resident: ResidentResolvers = {
  // References from other subgraphs resolve within the viewer's own scope, like root lookups.
  __resolveReference: (ref, ctx) => ctx.scoped.resident().load(ref.id),
  id,
  age: (r) => ageToday(r.birthDate),
  elderTier: (r) => elderTier(ageToday(r.birthDate)),
  household: (r, _, ctx) => loadExisting(ctx.loaders.household, r.householdId, 'household'),
  nationalId: (r, _, ctx) => ctx.cipher.decrypt(r.nationalIdEnc),
  status: (r) => (r.departed && r.departure ? r.departure.kind : 'ACTIVE'),
  departure: (r) => (r.departed && r.departure ? r.departure : null),
};
