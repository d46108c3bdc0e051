import {
  BadUserInputError,
  ConflictError,
  NotFoundError,
  addDays,
  diffFields,
  isLocalDate,
  isObjectId,
  localDate,
  ownRetry,
  recordChanges,
  requireId,
  requireText,
  type LocalDate,
  isDuplicateKeyError,
} from '@jwh/platform';
import { Types } from 'mongoose';
import type { Context } from '../context.js';
import type { BookRoomInput, CreateRoomInput, RoomBookingOutcome, RoomClash, UpdateRoomInput } from '../__generated__/resolvers-types.js';
import type { BookingDoc, RoomDoc } from '../models/index.js';
import { ROOM_KINDS } from '../models/room.model.js';
import { optionalReason, ownCommunity, requireOneOf, requireTexts, type RegistryContext } from './registry-input.js';

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
  if (!room || room.status === 'RETIRED') throw new NotFoundError('room', input.roomId);
  const occurrences: LocalDate[] = [];
  for (let d = input.date; d <= (input.weeklyUntil ?? input.date); d = addDays(d, 7)) occurrences.push(d);
  if (occurrences.length > MAX_OCCURRENCES) throw new BadUserInputError('input.weeklyUntil', '最长一年 (at most a year)');

  const bookingId = new Types.ObjectId();
  const clash = await claimHalfHours(ctx, room._id, bookingId, occurrences, input.start, input.end);
  if (clash) return { outcome: 'TAKEN', booking: null, clash };
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

/**
 * Holds every half-hour from `start` to `end` on each date for `bookingId`, in time order (one unique
 * key each). On the first one held already, releases what it took and answers the clash (with the
 * holder's title); null when all are held.
 */
async function claimHalfHours(
  ctx: Pick<Context, 'models'>,
  roomId: unknown,
  bookingId: Types.ObjectId,
  dates: readonly LocalDate[],
  start: string,
  end: string,
): Promise<RoomClash | null> {
  for (const date of dates)
    for (const time of halfHours(start, end)) {
      const key = `${String(roomId)}:${date}:${time}`;
      try {
        await ctx.models.RoomBlock.create({ key, bookingId });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        await ctx.models.RoomBlock.deleteMany({ bookingId }).exec();
        return clashAt(ctx, key, date, time);
      }
    }
  return null;
}

/** The clash at a held half-hour: who holds it (the booking's title, an activity's too) and the refusal staff read. */
async function clashAt(ctx: Pick<Context, 'models'>, key: string, date: LocalDate, time: string): Promise<RoomClash> {
  const block = await ctx.models.RoomBlock.findOne({ key }).lean().exec();
  const holder = block && (await ctx.models.Booking.findById(block.bookingId, { title: 1 }).lean().exec());
  const heldBy = holder?.title ?? null;
  const by = heldBy ? `「${heldBy}」` : '其他预订';
  return {
    date,
    time,
    heldBy,
    message: `该时段 ${date} ${time} 已被${by}占用 (the room is held at ${date} ${time}${heldBy ? ` by ${heldBy}` : ''})`,
  };
}

/** When an activity holds its room: the local date and the half-hours from its start to its end. */
export interface RoomHold {
  roomId: unknown;
  activityId: Types.ObjectId;
  title: string;
  date: LocalDate;
  start: string;
  end: string;
}

/**
 * Holds a room for an activity, as a booking of its own (`activity:<id>`): the same half-hours a
 * booking takes, so neither can overlap the other. Over a held time it is refused (BAD_USER_INPUT on
 * `input.roomId`, saying what holds it) and nothing is kept.
 */
export async function holdRoom(ctx: Context, hold: RoomHold): Promise<BookingDoc> {
  const bookingId = new Types.ObjectId();
  const clash = await claimHalfHours(ctx, hold.roomId, bookingId, [hold.date], hold.start, hold.end);
  if (clash) throw new BadUserInputError('input.roomId', clash.message);
  try {
    return (
      await ctx.models.Booking.create({
        _id: bookingId,
        clientRequestId: `activity:${String(hold.activityId)}`,
        createdBy: ctx.viewer.sub,
        roomId: hold.roomId,
        activityId: hold.activityId,
        title: hold.title,
        date: hold.date,
        start: hold.start,
        end: hold.end,
        occurrences: [hold.date],
      })
    ).toObject();
  } catch (err) {
    await releaseRoom(ctx, bookingId);
    throw err;
  }
}

/** Frees every half-hour a booking held (a cancelled booking or activity, or a hold whose activity was not written). */
export async function releaseRoom(ctx: Pick<Context, 'models'>, bookingId: Types.ObjectId): Promise<void> {
  await ctx.models.Booking.updateOne({ _id: bookingId, status: 'BOOKED' }, { $set: { status: 'CANCELLED' } }).exec();
  await ctx.models.RoomBlock.deleteMany({ bookingId }).exec();
}

/** Frees the room an activity held, if it held one (its cancellation). */
export async function releaseActivityRoom(ctx: Pick<Context, 'models'>, activityId: unknown): Promise<void> {
  const held = await ctx.models.Booking.findOne({ activityId, status: 'BOOKED' }, { _id: 1 }).lean().exec();
  if (held) await releaseRoom(ctx, held._id);
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
  if (booking.activityId)
    throw new BadUserInputError('id', `这是活动「${booking.title}」占用的场地,请取消活动 (held by an activity: cancel the activity)`);
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
  return ctx.models.Room.find({ communityId })
    .sort({ name: 1 })
    .lean()
    .exec()
    .then((rows) => rows.filter((r) => r.status !== 'RETIRED'));
}

/** A room's bookings held on a date, by start time (one read: the room's bookings on that date). */
export function roomBookings(ctx: Context, room: RoomDoc, date: LocalDate) {
  return ctx.models.Booking.find({ roomId: room._id, status: 'BOOKED', occurrences: date }).sort({ start: 1 }).lean().exec();
}

// ——— the rooms themselves (community staff) ———

/** What the change log shows of a room. */
const roomFields = (r: Pick<RoomDoc, 'name' | 'kind' | 'capacity' | 'equipment' | 'status'>) => ({
  name: r.name,
  kind: r.kind,
  capacity: r.capacity,
  equipment: r.equipment,
  status: r.status,
});

function requireCapacity(value: number | null | undefined, field: string): number {
  if (!Number.isInteger(value) || value! < 1 || value! > 500) throw new BadUserInputError(field, '1–500 个座位 (1 to 500 seats)');
  return value!;
}

const sameName = () => new ConflictError('该社区已有同名房间 (input.name: the community has a room of that name)');

/**
 * Adds a room to one of the viewer's communities. Naturally unique (one name per community): a
 * retry of the same room returns the first; another room of that name is a CONFLICT (`id`: the demo data's fixed ids).
 */
export async function createRoom(ctx: RegistryContext, input: CreateRoomInput, id?: Types.ObjectId): Promise<RoomDoc> {
  const communityId = ownCommunity(ctx, input.communityId, 'input.communityId');
  const fields = {
    name: requireText(input.name, 'input.name', 2, 30),
    kind: requireOneOf(input.kind, ROOM_KINDS, 'input.kind'),
    capacity: requireCapacity(input.capacity, 'input.capacity'),
    equipment: requireTexts(input.equipment, 'input.equipment', 20, 20),
  };
  const retry = (first: RoomDoc | null) => {
    if (first && first.kind === fields.kind && first.capacity === fields.capacity && first.status !== 'RETIRED') return first;
    throw sameName();
  };
  const found = await ctx.models.Room.findOne({ communityId, name: fields.name }).lean<RoomDoc>().exec();
  if (found) return retry(found);
  let room: RoomDoc;
  try {
    room = (await ctx.models.Room.create({ ...(id && { _id: id }), communityId, ...fields })).toObject();
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    return retry(await ctx.models.Room.findOne({ communityId, name: fields.name }).lean<RoomDoc>().exec());
  }
  await recordChanges(ctx, { entityType: 'Room', entityId: room._id, communityId, action: 'CREATE', after: roomFields(room) });
  return room;
}

/** A room of the viewer's communities (retired ones too); another community's room answers NOT_FOUND. */
async function ownRoom(ctx: RegistryContext, id: string | null | undefined, field: string): Promise<RoomDoc> {
  const roomId = requireId(id, field);
  const room = await ctx.models.Room.findById(roomId).lean<RoomDoc>().exec();
  if (!room || !ctx.viewer.communityIds.includes(String(room.communityId))) throw new NotFoundError('room', roomId);
  return room;
}

/** Changes a room's name, kind, capacity or equipment (only the fields given). */
export async function updateRoom(ctx: RegistryContext, input: UpdateRoomInput): Promise<RoomDoc> {
  const patch: Partial<Pick<RoomDoc, 'name' | 'kind' | 'capacity' | 'equipment'>> = {};
  requireId(input.id, 'input.id');
  if (input.name != null) patch.name = requireText(input.name, 'input.name', 2, 30);
  if (input.kind != null) patch.kind = requireOneOf(input.kind, ROOM_KINDS, 'input.kind');
  if (input.capacity != null) patch.capacity = requireCapacity(input.capacity, 'input.capacity');
  if (input.equipment != null) patch.equipment = requireTexts(input.equipment, 'input.equipment', 20, 20);
  const reason = optionalReason(input.reason);
  const room = await ownRoom(ctx, input.id, 'input.id');
  if (room.status === 'RETIRED') throw new BadUserInputError('input.id', '房间已停用 (the room is retired)');
  // The unique index guards a race; this read answers the everyday case (FerretDB's findAndModify
  // does not report a duplicate key the way MongoDB does).
  if (patch.name != null && patch.name !== room.name && (await ctx.models.Room.exists({ communityId: room.communityId, name: patch.name })))
    throw sameName();
  let updated: RoomDoc | null;
  try {
    updated = await ctx.models.Room.findOneAndUpdate({ _id: room._id }, { $set: patch }, { new: true }).lean<RoomDoc>().exec();
  } catch (err) {
    if (isDuplicateKeyError(err)) throw sameName();
    throw err;
  }
  if (!updated) throw new NotFoundError('room', input.id);
  if (!diffFields(roomFields(room), roomFields(updated)).length) return updated;
  await recordChanges(ctx, {
    entityType: 'Room',
    entityId: room._id,
    communityId: room.communityId,
    action: 'UPDATE',
    reason,
    before: roomFields(room),
    after: roomFields(updated),
  });
  return updated;
}

/** Bookings of a room still held from `today` on (one equality read: the room's held bookings). */
async function futureBookings(ctx: RegistryContext, roomId: unknown, today: LocalDate) {
  const held = await ctx.models.Booking.find({ roomId, status: 'BOOKED' }).lean<BookingDoc[]>().exec();
  return held.filter((b) => b.occurrences.some((d) => d >= today));
}

/**
 * Retires a room: it leaves the community's list and takes no bookings. Refused (CONFLICT, with the
 * count) while it holds bookings from today on: cancel them first. A booking taken while the room
 * retires is caught by the second look and the room is put back.
 */
export async function retireRoom(ctx: RegistryContext, id: string, reasonText: string): Promise<RoomDoc> {
  requireId(id, 'id');
  const reason = requireText(reasonText, 'reason', 2, 200);
  const room = await ownRoom(ctx, id, 'id');
  if (room.status === 'RETIRED') return room;
  const today = localDate();
  const refuse = (n: number) =>
    new ConflictError(`该房间今天及以后还有 ${n} 个预订,请先取消 (the room holds ${n} bookings from today on: cancel them first)`);
  const held = await futureBookings(ctx, room._id, today);
  if (held.length) throw refuse(held.length);
  const retired = await ctx.models.Room.findOneAndUpdate(
    { _id: room._id, status: room.status },
    { $set: { status: 'RETIRED' } },
    { new: true },
  )
    .lean<RoomDoc>()
    .exec();
  if (!retired) throw new ConflictError('房间刚被他人更新,请重试 (the room just changed)');
  const late = await futureBookings(ctx, room._id, today);
  if (late.length) {
    await ctx.models.Room.updateOne({ _id: room._id }, { $set: { status: room.status } }).exec();
    throw refuse(late.length);
  }
  await recordChanges(ctx, {
    entityType: 'Room',
    entityId: room._id,
    communityId: room.communityId,
    action: 'RETIRE',
    reason,
    before: { status: room.status },
    after: { status: retired.status },
  });
  return retired;
}
