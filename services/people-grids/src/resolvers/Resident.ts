import type { Context } from '../context.js';
import type { ResidentDoc } from '../models/index.js';
import { ageOn, elderTier, todayInShanghai } from '../services/age.js';

export const Resident = {
  // References from other subgraphs resolve within the viewer's own scope, like root lookups.
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.scoped.resident().load(ref.id),
  id: (r: ResidentDoc) => String(r._id),
  age: (r: ResidentDoc) => ageOn(r.birthDate, todayInShanghai()),
  elderTier: (r: ResidentDoc) => elderTier(ageOn(r.birthDate, todayInShanghai())),
  household: (r: ResidentDoc, _: unknown, ctx: Context) => ctx.loaders.household.load(String(r.householdId)),
  nationalId: (r: ResidentDoc, _: unknown, ctx: Context) => ctx.cipher.decrypt(r.nationalIdEnc),
};
