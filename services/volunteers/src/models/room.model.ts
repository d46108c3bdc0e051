import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const ROOM_KINDS = ['ACTIVITY', 'READING', 'TALK', 'MULTI_PURPOSE'] as const;

/** A room freed from the office for residents and organisations (活动室, 阅览室, 谈心室, 多功能室). */
export const roomSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    name: { type: String, required: true },
    kind: { type: String, enum: ROOM_KINDS, required: true },
    equipment: { type: [String], default: [] },
    capacity: { type: Number, required: true, min: 1 },
    /** A retired room takes no bookings and leaves the community's list. */
    status: { type: String, enum: ['ACTIVE', 'RETIRED'], default: 'ACTIVE' },
  },
  { timestamps: true },
);
/** One name per community. */
roomSchema.index({ communityId: 1, name: 1 }, { unique: true });

/** A booking of a room, once or weekly until a date. */
export const bookingSchema = new Schema(
  {
    clientRequestId: { type: String, required: true, unique: true },
    createdBy: { type: String, required: true },
    roomId: { type: Schema.Types.ObjectId, required: true, index: true },
    /** The activity holding the room (its cancellation frees it); null for a booking of its own. */
    activityId: { type: Schema.Types.ObjectId, default: null, index: true },
    title: { type: String, required: true },
    date: { type: String, required: true },
    start: { type: String, required: true },
    end: { type: String, required: true },
    /** Weekly on the same weekday until this date (inclusive), or null for once. */
    weeklyUntil: { type: String, default: null },
    occurrences: { type: [String], default: [] },
    status: { type: String, enum: ['BOOKED', 'CANCELLED'], default: 'BOOKED' },
  },
  { timestamps: true },
);

/**
 * A held half-hour of a room (`<room>:<date>:<HH:mm>`, unique): bookings never overlap because
 * every half-hour can be held once, whatever the engine and the concurrency.
 */
export const roomBlockSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    bookingId: { type: Schema.Types.ObjectId, required: true, index: true },
  },
  { versionKey: false },
);

export type RoomDoc = InferSchemaType<typeof roomSchema> & { _id: Types.ObjectId };
export type BookingDoc = InferSchemaType<typeof bookingSchema> & { _id: Types.ObjectId };

/** A volunteer team (志愿服务队) of a community. */
export const teamSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    name: { type: String, required: true },
    focus: { type: String, default: '' },
  },
  { timestamps: true },
);
teamSchema.index({ communityId: 1, name: 1 }, { unique: true });

export type TeamDoc = InferSchemaType<typeof teamSchema> & { _id: Types.ObjectId };
