import { documentId as id, entityRef as ref } from '@jwh/platform';
import type { AuditItemResolvers } from '../__generated__/resolvers-types.js';

export const AuditItem: AuditItemResolvers = {
  id,
  visit: (i) => ref(i.visitId),
  worker: (i) => ref(i.staffId),
};
