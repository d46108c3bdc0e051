import type { Context } from '../context.js';
import type { AppointmentDoc, AppointmentSlotDoc } from '../models/index.js';
import * as svc from '../services/appointment.service.js';

export const appointmentQueries = {
  appointmentSlots: (_: unknown, args: { communityId: string; from: string; to: string }, ctx: Context) => svc.listSlots(ctx, args),
};

export const appointmentMutations = {
  publishAppointmentSlots: (_: unknown, args: { input: Parameters<typeof svc.publishAppointmentSlots>[1] }, ctx: Context) => svc.publishAppointmentSlots(ctx, args.input),
  bookAppointment: (_: unknown, args: { input: Parameters<typeof svc.bookAppointment>[1] }, ctx: Context) => svc.bookAppointment(ctx, args.input),
  cancelAppointment: (_: unknown, args: { id: string }, ctx: Context) => svc.cancelAppointment(ctx, args.id),
};

export const AppointmentSlot = {
  id: (s: AppointmentSlotDoc) => String(s._id),
  remaining: async (s: AppointmentSlotDoc, _: unknown, ctx: Context) => s.capacity - (await ctx.loaders.bookedPerSlot.load(String(s._id))),
};
export const Appointment = {
  id: (a: AppointmentDoc) => String(a._id),
  slot: (a: AppointmentDoc, _: unknown, ctx: Context) => ctx.loaders.slot.load(String(a.slotId)),
  resident: (a: AppointmentDoc) => ({ id: String(a.residentId) }),
  type: (a: AppointmentDoc, _: unknown, ctx: Context) => ctx.loaders.serviceType.load(a.typeCode),
};
