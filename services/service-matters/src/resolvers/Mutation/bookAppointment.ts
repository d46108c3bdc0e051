import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as appointmentService from '../../services/appointment.service.js';

export const bookAppointment: NonNullable<MutationResolvers['bookAppointment']> = (_, args, ctx) =>
  appointmentService.bookAppointment(ctx, args.input);
