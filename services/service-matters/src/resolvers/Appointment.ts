import { documentId as id, entityRef as ref } from '@jwh/platform';
import type { AppointmentResolvers } from '../__generated__/resolvers-types.js';
import { slotOf } from '../services/appointment.service.js';
import { serviceTypeOf } from '../services/service-type.service.js';

export const Appointment: AppointmentResolvers = {
  id,
  slot: (a, _, ctx) => slotOf(ctx, a.slotId),
  resident: (a) => ref(a.residentId),
  type: (a, _, ctx) => serviceTypeOf(ctx, a.typeCode),
};
