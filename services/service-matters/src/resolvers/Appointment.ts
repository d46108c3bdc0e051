import { documentId as id, entityRef as ref, loadExisting } from '@jwh/platform';
import type { AppointmentResolvers } from '../__generated__/resolvers-types.js';

export const Appointment: AppointmentResolvers = {
  id,
  slot: (a, _, ctx) => loadExisting(ctx.loaders.slot, a.slotId, 'appointment slot'),
  resident: (a) => ref(a.residentId),
  type: (a, _, ctx) => loadExisting(ctx.loaders.matter, a.matterId, 'service type'),
  serviceRequest: (a, _, ctx) => (a.serviceRequestId ? ctx.loaders.serviceRequest.load(String(a.serviceRequestId)) : null),
};
