import { documentId as id, entityRef as ref, maybeEntityRef } from '@jwh/platform';
import type { DrawItemResolvers } from '../__generated__/resolvers-types.js';

export const DrawItem: DrawItemResolvers = {
  id,
  resident: (i) => ref(i.residentId),
  household: (i) => ref(i.householdId),
  grid: (i) => maybeEntityRef(i.gridId),
  worker: (i) => maybeEntityRef(i.staffId),
  replacement: (i) =>
    i.replacement
      ? { reason: i.replacement.reason!, by: i.replacement.by!, at: i.replacement.at!, replacedBy: String(i.replacement.replacedBy) }
      : null,
  replaces: (i) => (i.replaces ? String(i.replaces) : null),
};
