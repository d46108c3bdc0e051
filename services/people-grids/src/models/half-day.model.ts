import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const HALF_DAY_PARTS = ['AM', 'PM'] as const;
export const DESK_MODES = ['ON_DESK', 'OFF_DESK'] as const;

/** How a worker spent one half-day: on-desk (在案) or off-desk (离案) and where. One per worker, date and part. */
export const halfDaySchema = new Schema(
  {
    staffId: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    date: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    part: { type: String, enum: HALF_DAY_PARTS, required: true },
    mode: { type: String, enum: DESK_MODES, required: true },
    place: { type: String, default: '' },
  },
  { timestamps: true },
);
halfDaySchema.index({ staffId: 1, date: 1, part: 1 }, { unique: true });
// A community's half-days of one day (weekly shares read the five days one by one).
halfDaySchema.index({ communityId: 1, date: 1 });

export type HalfDayDoc = InferSchemaType<typeof halfDaySchema> & { _id: Types.ObjectId };
