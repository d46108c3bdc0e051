import {
  BadUserInputError,
  ConflictError,
  NotFoundError,
  addDays,
  atLocal,
  isLocalDate,
  isObjectId,
  isoWeekday,
  isWorkingDay,
  statutoryHoliday,
  matcher,
  ownRetry,
  rowScope,
  isDuplicateKeyError,
} from '@jwh/platform';
import type {
  BookAppointmentInput,
  BookingOutcome,
  PublishAppointmentSlotsInput,
  QueryAppointmentSlotsArgs,
  RequestChannel,
} from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import type { AppointmentDoc, AppointmentSlotDoc } from '../models/index.js';
import type { ServiceRequestDoc } from '../models/service-request.model.js';
import { requestScope } from '../policy.js';
import { residentForRequest } from './people-grids.client.js';
import { openMatter } from './service-type.service.js';
import { readEach, sortRows, splitsReads } from '@jwh/platform';
import { createServiceRequest } from './request.service.js';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * The staggered hours of 定制服务: a statutory holiday (元旦, 春节…, the rest days of its arrangement
 * too), a weekend that is not a make-up working day (调休), or a working day's evening from 18:00.
 * Null for working-day daytime, when the office is open.
 */
export function slotKind(date: string, start: string): 'EVENING' | 'WEEKEND' | 'HOLIDAY' | null {
  if (statutoryHoliday(date)) return 'HOLIDAY';
  if (isoWeekday(date) >= 6 && !isWorkingDay(date)) return 'WEEKEND';
  return start >= '18:00' ? 'EVENING' : null;
}

/** Why a daytime slot on `date` is refused, in words staff recognise. */
function daytimeRefusal(date: string): string {
  return isoWeekday(date) >= 6
    ? `${date} 是调休上班日,定制服务时段须在晚间(18:00 起) (a make-up working day: evenings from 18:00 only)`
    : '定制服务时段须在晚间(18:00 起)、周末或法定节假日 (evenings from 18:00, weekends or statutory holidays)';
}

/** Publishes bookable slots for a community; weekday daytime slots are refused (the office is open then). */
export async function publishAppointmentSlots(ctx: Context, input: PublishAppointmentSlotsInput) {
  if (!isObjectId(input.communityId) || !ctx.viewer.communityIds.includes(input.communityId))
    throw new BadUserInputError('input.communityId', '不在您的管辖范围 (not one of your communities)');
  if (!input.slots.length || input.slots.length > 100) throw new BadUserInputError('input.slots', '1–100 个时段 (1 to 100 slots)');
  const docs = input.slots.map((s, i) => {
    const f = (k: string) => `input.slots[${i}].${k}`;
    if (!isLocalDate(s.date)) throw new BadUserInputError(f('date'), 'YYYY-MM-DD');
    if (!TIME.test(s.start)) throw new BadUserInputError(f('start'), 'HH:mm');
    if (!TIME.test(s.end) || s.end <= s.start) throw new BadUserInputError(f('end'), '须晚于开始 (after the start)');
    if (!Number.isInteger(s.capacity) || s.capacity < 1 || s.capacity > 100) throw new BadUserInputError(f('capacity'), '1–100');
    const kind = slotKind(s.date, s.start);
    if (!kind) throw new BadUserInputError(f('start'), daytimeRefusal(s.date));
    const holiday = statutoryHoliday(s.date);
    return { communityId: input.communityId, date: s.date, start: s.start, end: s.end, capacity: s.capacity, kind, holiday };
  });
  try {
    await ctx.models.AppointmentSlot.insertMany(docs, { ordered: true });
  } catch (err) {
    if (isDuplicateKeyError(err)) throw new ConflictError('有时段已发布 (a slot at that time is already published)');
    throw err;
  }
  return slotsOn(ctx, input.communityId, [...new Set(docs.map((d) => d.date))]);
}

/** Longest range of days read day by day (a longer one is read in one query). */
const MAX_DAYS = 92;

/** A community's slots on the given days, by date and start: one equality read per day on FerretDB, one query elsewhere. */
async function slotsOn(ctx: Context, communityId: string, dates: string[]) {
  const m = ctx.models.AppointmentSlot;
  const rows = splitsReads(m)
    ? await readEach(
        m,
        dates.map((date) => ({ communityId, date })),
      )
    : await m
        .find({ communityId, date: { $in: dates } })
        .lean()
        .exec();
  return sortRows(rows, { date: 1, start: 1 });
}

export async function listSlots(ctx: Context, args: QueryAppointmentSlotsArgs) {
  if (!isObjectId(args.communityId) || !ctx.viewer.communityIds.includes(args.communityId))
    throw new BadUserInputError('communityId', '不在您的社区 (not your community)');
  if (!isLocalDate(args.from)) throw new BadUserInputError('from', 'YYYY-MM-DD');
  if (!isLocalDate(args.to)) throw new BadUserInputError('to', 'YYYY-MM-DD');
  const days: string[] = [];
  for (let d = args.from; d <= args.to && days.length <= MAX_DAYS; d = addDays(d, 1)) days.push(d);
  if (days.length <= MAX_DAYS) return slotsOn(ctx, args.communityId, days);
  return ctx.models.AppointmentSlot.find({ communityId: args.communityId, date: { $gte: args.from, $lte: args.to } })
    .sort({ date: 1, start: 1 })
    .lean()
    .exec();
}

/**
 * Books a seat. Each seat of the slot is a unique `seatKey`; the booking takes the first free one
 * by inserting (the storage engine's unique index decides between concurrent bookings, on MongoDB
 * and FerretDB alike). One booking per resident and slot (`activeKey`) and per clientRequestId
 * (retries). A full slot or a second booking is an outcome, not an error.
 */
export async function bookAppointment(
  ctx: Context,
  input: BookAppointmentInput,
): Promise<{ outcome: BookingOutcome; appointment: AppointmentDoc | null }> {
  const key = (input.clientRequestId ?? '').trim();
  if (key.length < 8 || key.length > 100) throw new BadUserInputError('input.clientRequestId', '8–100 characters');
  const byKey = async () =>
    ownRetry(await ctx.models.Appointment.findOne({ clientRequestId: key }).lean().exec(), ctx.viewer.sub, 'input.clientRequestId');
  const retry = await byKey();
  if (retry) return { outcome: 'BOOKED', appointment: retry };
  if (!isObjectId(input.slotId)) throw new BadUserInputError('input.slotId', '无效的编号 (invalid id)');
  if (!isObjectId(input.residentId)) throw new BadUserInputError('input.residentId', '无效的编号 (invalid id)');
  if (ctx.viewer.role === 'RESIDENT' && input.residentId !== ctx.viewer.residentId)
    throw new BadUserInputError('input.residentId', '只能为本人预约 (residents book for themselves)');
  const resident = await residentForRequest(ctx.peopleGridsUrl, input.residentId, ctx.identity('people-grids'), ctx.requestId);
  if (!resident) throw new BadUserInputError('input.residentId', '居民不存在或不在您的网格内 (no such resident in your scope)');
  const matter = await openMatter(ctx, resident.household.community.street, input.typeCode, 'input.typeCode');
  const found = await ctx.models.AppointmentSlot.findById(input.slotId).lean().exec();
  const slot = found && String(found.communityId) === resident.household.community.id ? found : null;
  if (!slot) throw new BadUserInputError('input.slotId', '没有这个时段 (no such slot in the resident’s community)');
  // Bookable until its start minute has gone by.
  if (atLocal(slot.date, slot.start).getTime() + 60_000 <= Date.now())
    throw new BadUserInputError('input.slotId', '该时段已过 (the slot has passed)');
  const activeKey = `${slot._id}:${resident.id}`;
  const held = () => ctx.models.Appointment.findOne({ activeKey }).lean().exec();
  if (await held()) return { outcome: 'ALREADY_BOOKED', appointment: null };
  const taken = new Set(
    (await ctx.models.Appointment.find({ slotId: slot._id, status: 'BOOKED' }, { seatKey: 1 }).lean().exec()).map((a) => a.seatKey),
  );
  for (let seat = 1; seat <= slot.capacity; seat++) {
    const seatKey = `${slot._id}#${seat}`;
    if (taken.has(seatKey)) continue;
    try {
      const appointment = (
        await ctx.models.Appointment.create({
          clientRequestId: key,
          createdBy: ctx.viewer.sub,
          slotId: slot._id,
          residentId: resident.id,
          communityId: slot.communityId,
          typeCode: matter.code,
          matterId: matter._id,
          activeKey,
          seatKey,
        })
      ).toObject();
      return { outcome: 'BOOKED', appointment };
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      // Which unique key collided? A retry of this call, this resident's other booking, or the seat.
      const same = await byKey();
      if (same) return { outcome: 'BOOKED', appointment: same };
      if (await held()) return { outcome: 'ALREADY_BOOKED', appointment: null };
    }
  }
  return { outcome: 'FULL', appointment: null };
}

/**
 * Whether the viewer may see and change a booking. A grid worker's scope is its grids' residents as
 * people-grids decides them now (a booking keeps no grid, and a resident may have moved since), so
 * it is asked with the worker's own identity, as bookAppointment does; everyone else by the row.
 */
async function inScope(ctx: Context, appointment: AppointmentDoc): Promise<boolean> {
  if (ctx.viewer.role !== 'GRID_WORKER') return matcher(rowScope(ctx.viewer, requestScope))(appointment);
  if (!ctx.viewer.communityIds.includes(String(appointment.communityId))) return false;
  return (
    (await residentForRequest(ctx.peopleGridsUrl, String(appointment.residentId), ctx.identity('people-grids'), ctx.requestId)) !== null
  );
}

/** Cancels a booking: its seat and its resident's place are free again. Out of the viewer's scope is NOT_FOUND. */
export async function cancelAppointment(ctx: Context, id: string) {
  if (!isObjectId(id)) throw new BadUserInputError('id', '无效的编号 (invalid id)');
  const found = await ctx.models.Appointment.findById(id).lean().exec();
  const current = found && (await inScope(ctx, found)) ? found : null;
  if (!current) throw new NotFoundError('appointment', id);
  const cancelled = await ctx.models.Appointment.findOneAndUpdate(
    { _id: id, status: 'BOOKED' },
    { $set: { status: 'CANCELLED', activeKey: `cancelled:${id}`, seatKey: `cancelled:${id}` } },
    { new: true },
  )
    .lean()
    .exec();
  if (!cancelled) throw new ConflictError('预约已取消 (already cancelled)');
  return cancelled;
}

/** The prefix of the keys of requests made from appointments, refused from clients. */
export const APPOINTMENT_KEY_PREFIX = 'appointment:';

/**
 * Turns a booked appointment into a service request for its resident and matter, once. The request's
 * `clientRequestId` is `appointment:<id>` (a prefix clients may not use), so a retry (by anyone, or
 * racing) finds the same request, read by its `appointmentId`; the appointment is then linked to it
 * (a crash between the two is mended by the retry).
 */
export async function startRequestFromAppointment(ctx: Context, appointmentId: string, channel: RequestChannel) {
  if (!isObjectId(appointmentId)) throw new BadUserInputError('appointmentId', '无效的编号 (invalid id)');
  const found = await ctx.models.Appointment.findById(appointmentId).lean().exec();
  const appointment = found && (await inScope(ctx, found)) ? found : null;
  if (!appointment) throw new NotFoundError('appointment', appointmentId);
  const clientRequestId = `${APPOINTMENT_KEY_PREFIX}${appointmentId}`;
  const fromAppointment = () => ctx.models.ServiceRequest.findOne({ appointmentId: appointment._id }).lean<ServiceRequestDoc>().exec();
  let request: ServiceRequestDoc | null = await fromAppointment();
  if (!request) {
    if (appointment.status !== 'BOOKED')
      throw new BadUserInputError('appointmentId', '预约已取消,不能转为申请 (the appointment was cancelled)');
    try {
      request = await createServiceRequest(
        ctx,
        {
          clientRequestId,
          residentId: String(appointment.residentId),
          typeCode: appointment.typeCode,
          channel,
          note: '由预约转入 (from an appointment)',
        },
        { appointmentId: appointment._id },
      );
    } catch (err) {
      // A racing call (another account's, whose key this is too) created it first: that is the request.
      request = await fromAppointment();
      if (!request || !(err instanceof ConflictError)) throw err;
    }
  }
  if (!appointment.serviceRequestId)
    await ctx.models.Appointment.updateOne(
      { _id: appointment._id, serviceRequestId: null },
      { $set: { serviceRequestId: request._id } },
    ).exec();
  return request;
}

/** Seats of a slot not booked yet. */
export async function seatsLeft(ctx: Context, slot: AppointmentSlotDoc): Promise<number> {
  return slot.capacity - (await ctx.loaders.bookedPerSlot.load(String(slot._id)));
}
