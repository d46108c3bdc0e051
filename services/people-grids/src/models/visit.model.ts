import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const PLACE_TYPES = ['HOME', 'PUBLIC_SPACE', 'SERVICE_STATION', 'COMMITTEE_OFFICE', 'MORNING_EXERCISE_SITE'] as const;

/** A visit (走访) and its notes, the 民情日记. */
export const visitSchema = new Schema(
  {
    staffId: { type: Schema.Types.ObjectId, required: true, index: true },
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    gridId: { type: Schema.Types.ObjectId, default: null, index: true },
    householdId: { type: Schema.Types.ObjectId, default: null, index: true },
    residentId: { type: Schema.Types.ObjectId, default: null },
    at: { type: Date, required: true, index: true },
    placeType: { type: String, enum: PLACE_TYPES, required: true },
    topics: { type: [String], default: [] },
    notes: { type: String, default: '' },
    followUps: { type: [String], default: [] },
    /** Client-chosen key: retrying the same visit records it once. */
    idempotencyKey: { type: String, required: true, unique: true },
    /** Who made the creating call (token subject): a retry by anyone else is refused, not answered. */
    createdBy: { type: String, required: true, default: 'demo' },
  },
  { timestamps: true },
);

export type VisitDoc = InferSchemaType<typeof visitSchema> & { _id: Types.ObjectId };
