import { documentId as id, entityRef as ref, loadExisting } from '@jwh/platform';
import type { ServiceRequestResolvers } from '../__generated__/resolvers-types.js';
import { isOverdue } from '../services/request.service.js';
import { staffRef } from '../services/actor.js';

export const ServiceRequest: ServiceRequestResolvers = {
  __resolveReference: (r, ctx) => ctx.loaders.serviceRequest.load(r.id),
  id,
  type: (r, _, ctx) => loadExisting(ctx.loaders.matter, r.matterId, 'service type'),
  matterVersion: (r, _, ctx) => loadExisting(ctx.loaders.matterVersion, r.matterVersionId, 'matter version'),
  resident: (r) => ref(r.residentId),
  overdue: (r) => isOverdue(r),
  takenBy: (r) => (r.takenBy ? String(r.takenBy) : null),
  takenByStaff: (r) => staffRef(r.takenBy),
  appointment: (r, _, ctx) => (r.appointmentId ? ctx.loaders.appointment.load(String(r.appointmentId)) : null),
  timeline: (r) => r.transitions,
};
