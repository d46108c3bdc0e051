import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as appointmentService from '../../services/appointment.service.js';

export const appointmentSlots: NonNullable<QueryResolvers['appointmentSlots']> = (_, args, ctx) => appointmentService.listSlots(ctx, args);
