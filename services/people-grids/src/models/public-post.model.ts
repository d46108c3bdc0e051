import { Schema, type InferSchemaType, type Types } from 'mongoose';

/** A fixed spot in a public space where a worker can be found on fixed weekdays and hours (固定场所). */
export const publicPostSchema = new Schema(
  {
    staffId: { type: Schema.Types.ObjectId, required: true, index: true },
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    place: { type: String, required: true },
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    weekdays: { type: [Number], required: true },
    start: { type: String, required: true, match: /^\d{2}:\d{2}$/ },
    end: { type: String, required: true, match: /^\d{2}:\d{2}$/ },
    /** Who created it (token subject) and the key a retry of the create repeats (the id derives from it). */
    createdBy: { type: String, default: null },
    idempotencyKey: { type: String, default: null },
  },
  { timestamps: true },
);

export type PublicPostDoc = InferSchemaType<typeof publicPostSchema> & { _id: Types.ObjectId };
