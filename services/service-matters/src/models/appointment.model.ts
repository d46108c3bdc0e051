import { Schema, type InferSchemaType, type Types } from 'mongoose';

/**
 * A bookable evening or weekend slot of a community (定制服务, 错时工作制). `remaining` is the
 * guard of every booking: one atomic `$inc` on this document, so two bookings can never take the
 * last seat twice.
 */
export const appointmentSlotSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    date: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    start: { type: String, required: true, match: /^\d{2}:\d{2}$/ },
    end: { type: String, required: true, match: /^\d{2}:\d{2}$/ },
    kind: { type: String, enum: ['EVENING', 'WEEKEND'], required: true },
    capacity: { type: Number, required: true, min: 1, max: 100 },
    remaining: { type: Number, required: true, min: 0 },
  },
  { timestamps: true },
);
appointmentSlotSchema.index({ communityId: 1, date: 1, start: 1 }, { unique: true });

/** A resident's booking of a slot for a matter. */
export const appointmentSchema = new Schema(
  {
    clientRequestId: { type: String, required: true, unique: true },
    slotId: { type: Schema.Types.ObjectId, required: true, index: true },
    residentId: { type: Schema.Types.ObjectId, required: true, index: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    typeCode: { type: String, required: true },
    status: { type: String, enum: ['BOOKED', 'CANCELLED'], default: 'BOOKED' },
    /** `<slot>:<resident>` while booked (unique: one booking per resident and slot), another value once cancelled. */
    activeKey: { type: String, required: true, unique: true },
  },
  { timestamps: true },
);

export type AppointmentSlotDoc = InferSchemaType<typeof appointmentSlotSchema> & { _id: Types.ObjectId };
export type AppointmentDoc = InferSchemaType<typeof appointmentSchema> & { _id: Types.ObjectId };
