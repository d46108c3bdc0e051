import {
  BadUserInputError,
  ConflictError,
  NotFoundError,
  addDays,
  isLocalDate,
  isObjectId,
  ownRetry,
  type LocalDate,
  isDuplicateKeyError,
} from '@jwh/platform';
import { Types } from 'mongoose';
import type { Context } from '../context.js';
import type { BookRoomInput, RoomBookingOutcome, RoomClash } from '../__generated__/resolvers-types.js';
import type { BookingDoc, RoomDoc } from '../models/index.js';

const HALF_HOUR = /^([01]\d|2[0-3]):(00|30)$/;
const MAX_OCCURRENCES = 53;

/** The half-hours from `start` to `end` (`09:00`–`10:30` → 09:00, 09:30, 10:00). */
export function halfHours(start: string, end: string): string[] {
  const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  const out: string[] = [];
  for (let m = toMin(start); m < toMin(end); m += 30)
    out.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  return out;
}

/** What a booking attempt came to (the schema's BookRoomResult). */
export interface BookingAttempt {
  outcome: RoomBookingOutcome;
  booking: BookingDoc | null;
  clash: RoomClash | null;
}

/**
 * Books a room once or weekly. Every half-hour of every occurrence is held by a unique key,
 * claimed in time order: of any number of concurrent bookings of the same time exactly one wins;
 * a booking that meets a held half-hour releases what it took and answers TAKEN with the clash.
 */
export async function bookRoom(ctx: Context, input: BookRoomInput): Promise<BookingAttempt> {
  const key = (input.clientRequestId ?? '').trim();
  if (key.length < 8 || key.length > 100) throw new BadUserInputError('input.clientRequestId', '8–100 characters');
  const retry = ownRetry(await ctx.models.Booking.findOne({ clientRequestId: key }).lean().exec(), ctx.viewer.sub, 'input.clientRequestId');
  if (retry) return { outcome: retry.status === 'BOOKED' ? 'BOOKED' : 'TAKEN', booking: retry, clash: null };
  if (!isObjectId(input.roomId)) throw new BadUserInputError('input.roomId', '无效的编号 (invalid id)');
  const title = (input.title ?? '').trim();
  if (title.length < 2 || title.length > 60) throw new BadUserInputError('input.title', '2–60 个字符');
  if (!isLocalDate(input.date)) throw new BadUserInputError('input.date', 'YYYY-MM-DD');
  if (!HALF_HOUR.test(input.start)) throw new BadUserInputError('input.start', '整点或半点 HH:00 / HH:30');
  if (!HALF_HOUR.test(input.end) || input.end <= input.start)
    throw new BadUserInputError('input.end', '整点或半点,晚于开始 (HH:00 or HH:30, after the start)');
  if (input.weeklyUntil != null && (!isLocalDate(input.weeklyUntil) || input.weeklyUntil < input.date))
    throw new BadUserInputError('input.weeklyUntil', '不早于首次日期的 YYYY-MM-DD');
  const room = await ctx.models.Room.findOne({ _id: input.roomId, communityId: { $in: ctx.viewer.communityIds } })
    .lean()
    .exec();
  if (!room) throw new NotFoundError('room', input.roomId);
  const occurrences: LocalDate[] = [];
  for (let d = input.date; d <= (input.weeklyUntil ?? input.date); d = addDays(d, 7)) occurrences.push(d);
  if (occurrences.length > MAX_OCCURRENCES) throw new BadUserInputError('input.weeklyUntil', '最长一年 (at most a year)');

  const bookingId = new Types.ObjectId();
  const blocks = occurrences.flatMap((d) =>
    halfHours(input.start, input.end).map((t) => ({ key: `${String(room._id)}:${d}:${t}`, bookingId, date: d, time: t })),
  );
  for (const b of blocks) {
    try {
      await ctx.models.RoomBlock.create({ key: b.key, bookingId });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      await ctx.models.RoomBlock.deleteMany({ bookingId }).exec();
      return { outcome: 'TAKEN', booking: null, clash: { date: b.date, time: b.time } };
    }
  }
  const booking = (
    await ctx.models.Booking.create({
      _id: bookingId,
      clientRequestId: key,
      createdBy: ctx.viewer.sub,
      roomId: room._id,
      title,
      date: input.date,
      start: input.start,
      end: input.end,
      weeklyUntil: input.weeklyUntil ?? null,
      occurrences,
    })
  ).toObject();
  return { outcome: 'BOOKED', booking, clash: null };
}

/** Cancels a booking (its maker, or community staff): every half-hour it held is free again. */
export async function cancelBooking(ctx: Context, id: string) {
  if (!isObjectId(id)) throw new BadUserInputError('id', '无效的编号 (invalid id)');
  const booking = await ctx.models.Booking.findById(id).lean().exec();
  const room =
    booking &&
    (await ctx.models.Room.findOne({ _id: booking.roomId, communityId: { $in: ctx.viewer.communityIds } })
      .lean()
      .exec());
  if (!booking || (!room && booking.createdBy !== ctx.viewer.sub)) throw new NotFoundError('booking', id);
  const cancelled = await ctx.models.Booking.findOneAndUpdate(
    { _id: id, status: 'BOOKED' },
    { $set: { status: 'CANCELLED' } },
    { new: true },
  )
    .lean()
    .exec();
  if (!cancelled) throw new ConflictError('已取消 (already cancelled)');
  await ctx.models.RoomBlock.deleteMany({ bookingId: booking._id }).exec();
  return cancelled;
}

/** A community's rooms; none of a community the viewer does not belong to. */
export function rooms(ctx: Context, communityId: string) {
  if (!isObjectId(communityId)) throw new BadUserInputError('communityId', '无效的编号 (invalid id)');
  if (!ctx.viewer.communityIds.includes(communityId)) return [];
  return ctx.models.Room.find({ communityId }).sort({ name: 1 }).lean().exec();
}

/** A room's bookings held on a date, by start time (one read: the room's bookings on that date). */
export function roomBookings(ctx: Context, room: RoomDoc, date: LocalDate) {
  return ctx.models.Booking.find({ roomId: room._id, status: 'BOOKED', occurrences: date }).sort({ start: 1 }).lean().exec();
}
