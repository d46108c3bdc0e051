import { documentId as id } from '@jwh/platform';
import type { AppointmentSlotResolvers } from '../__generated__/resolvers-types.js';
import { seatsLeft } from '../services/appointment.service.js';

export const AppointmentSlot: AppointmentSlotResolvers = {
  id,
  remaining: (s, _, ctx) => seatsLeft(ctx, s),
};
