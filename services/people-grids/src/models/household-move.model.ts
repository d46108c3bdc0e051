import { Schema, type InferSchemaType, type Types } from 'mongoose';

/** The history of a household's grid (append-only). */
export const householdMoveSchema = new Schema(
  {
    householdId: { type: Schema.Types.ObjectId, required: true, index: true },
    fromGridId: { type: Schema.Types.ObjectId, default: null },
    toGridId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
    /** The mover's staff id (`staff_id` claim), for its name. */
    byStaffId: { type: String, default: null },
    reason: { type: String, required: true },
  },
  { versionKey: false },
);

export type HouseholdMoveDoc = InferSchemaType<typeof householdMoveSchema> & { _id: Types.ObjectId };
