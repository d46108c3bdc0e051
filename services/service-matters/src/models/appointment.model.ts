import { Schema } from 'mongoose';
import type { Plain } from './plain.js';

/**
 * A bookable evening or weekend slot of a community (定制服务, 错时工作制). Seats are enforced by a
 * unique index on the bookings (`seatKey`), not by a counter: FerretDB 1.24 let five of ten
 * concurrent guarded `$inc`s through on a three-seat slot, a unique index holds on every engine.
 */
export const appointmentSlotSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    date: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    start: { type: String, required: true, match: /^\d{2}:\d{2}$/ },
    end: { type: String, required: true, match: /^\d{2}:\d{2}$/ },
    kind: { type: String, enum: ['EVENING', 'WEEKEND', 'HOLIDAY'], required: true },
    /** The statutory holiday it falls in (元旦, 春节…), if any. */
    holiday: { type: String, default: null },
    capacity: { type: Number, required: true, min: 1, max: 100 },
  },
  { timestamps: true },
);
appointmentSlotSchema.index({ communityId: 1, date: 1, start: 1 }, { unique: true });

/** A resident's booking of a slot for a matter. */
export const appointmentSchema = new Schema(
  {
    clientRequestId: { type: String, required: true, unique: true },
    /** Who made the creating call (token subject): a retry by anyone else is refused, not answered. */
    createdBy: { type: String, required: true, default: 'demo' },
    slotId: { type: Schema.Types.ObjectId, required: true },
    residentId: { type: Schema.Types.ObjectId, required: true, index: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    typeCode: { type: String, required: true },
    /** The street's matter booked for (`matterIdOf`). */
    matterId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: ['BOOKED', 'CANCELLED'], default: 'BOOKED' },
    /** `<slot>:<resident>` while booked (unique: one booking per resident and slot), another value once cancelled. */
    activeKey: { type: String, required: true, unique: true },
    /** `<slot>#<seat>` while booked (unique: a seat is held once), another value once cancelled. */
    seatKey: { type: String, required: true, unique: true },
    /** The service request started from it (startRequestFromAppointment). */
    serviceRequestId: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true },
);

/** A slot's bookings in one state (seats left: the booked ones of a slot). */
appointmentSchema.index({ slotId: 1, status: 1 });

export type AppointmentSlotDoc = Plain<typeof appointmentSlotSchema>;
export type AppointmentDoc = Plain<typeof appointmentSchema>;
