import { documentId as id, entityRef as ref, loadExisting } from '@jwh/platform';
import type { ServiceRequestResolvers } from '../__generated__/resolvers-types.js';
import { isOverdue } from '../services/request.service.js';

export const ServiceRequest: ServiceRequestResolvers = {
  __resolveReference: (r, ctx) => ctx.loaders.serviceRequest.load(r.id),
  id,
  type: (r, _, ctx) => loadExisting(ctx.loaders.matter, r.matterId, 'service type'),
  matterVersion: (r, _, ctx) => loadExisting(ctx.loaders.matterVersion, r.matterVersionId, 'matter version'),
  resident: (r) => ref(r.residentId),
  overdue: (r) => isOverdue(r),
  takenBy: (r) => (r.takenBy ? String(r.takenBy) : null),
  timeline: (r) => r.transitions,
};
