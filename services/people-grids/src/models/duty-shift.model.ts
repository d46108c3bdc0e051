import { Schema, type InferSchemaType, type Types } from 'mongoose';

/** The reception-desk roster (接待工位轮流当班): one worker per desk, date and half-day. */
export const dutyShiftSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    date: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    part: { type: String, enum: ['AM', 'PM'], required: true },
    desk: { type: Number, required: true, min: 1, max: 9 },
    staffId: { type: Schema.Types.ObjectId, required: true, index: true },
  },
  { timestamps: true },
);
dutyShiftSchema.index({ communityId: 1, date: 1, part: 1, desk: 1 }, { unique: true });

export type DutyShiftDoc = InferSchemaType<typeof dutyShiftSchema> & { _id: Types.ObjectId };
