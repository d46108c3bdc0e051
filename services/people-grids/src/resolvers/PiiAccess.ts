import { documentId as id } from '@jwh/platform';
import type { PiiAccessResolvers } from '../__generated__/resolvers-types.js';

export const PiiAccess: PiiAccessResolvers = {
  id,
  residentId: (a) => (a.residentId == null ? null : String(a.residentId)),
  kind: (a) => (a.kind === 'EXPORT' ? 'EXPORT' : 'READ'),
  count: (a) => a.count ?? 1,
};
