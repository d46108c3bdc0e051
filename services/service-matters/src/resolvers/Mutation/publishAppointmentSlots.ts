import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as appointmentService from '../../services/appointment.service.js';

export const publishAppointmentSlots: NonNullable<MutationResolvers['publishAppointmentSlots']> = (_, args, ctx) =>
  appointmentService.publishAppointmentSlots(ctx, args.input);
