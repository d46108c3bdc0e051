import { documentId as id, entityRef as ref } from '@jwh/platform';
import type { AuditResolvers } from '../__generated__/resolvers-types.js';
import { auditSummary } from '../services/audit.service.js';

export const Audit: AuditResolvers = {
  id,
  community: (a) => ref(a.communityId),
  items: (a, _, ctx) => ctx.loaders.auditItemsByAudit.load(String(a._id)),
  summary: async (a, _, ctx) => auditSummary(await ctx.loaders.auditItemsByAudit.load(String(a._id))),
};
