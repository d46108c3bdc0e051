import { documentId as id, entityRef as ref } from '@jwh/platform';
import type { ServiceRequestResolvers } from '../__generated__/resolvers-types.js';
import { isOverdue } from '../services/request.service.js';
import { serviceTypeOf } from '../services/service-type.service.js';

export const ServiceRequest: ServiceRequestResolvers = {
  __resolveReference: (r, ctx) => ctx.loaders.serviceRequest.load(r.id),
  id,
  type: (r, _, ctx) => serviceTypeOf(ctx, r.typeCode),
  resident: (r) => ref(r.residentId),
  overdue: (r) => isOverdue(r),
  takenBy: (r) => (r.takenBy ? String(r.takenBy) : null),
  timeline: (r) => r.transitions,
};
