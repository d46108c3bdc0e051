import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as appointmentService from '../../services/appointment.service.js';

export const cancelAppointment: NonNullable<MutationResolvers['cancelAppointment']> = (_, args, ctx) =>
  appointmentService.cancelAppointment(ctx, args.id);
