import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as appointmentService from '../../services/appointment.service.js';

export const startRequestFromAppointment: NonNullable<MutationResolvers['startRequestFromAppointment']> = (_, args, ctx) =>
  appointmentService.startRequestFromAppointment(ctx, args.appointmentId, args.channel ?? 'RECEPTION');
