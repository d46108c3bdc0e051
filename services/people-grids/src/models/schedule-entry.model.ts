import { Schema, type InferSchemaType, type Types } from 'mongoose';

/** One slot of a worker's published day (工作日程公示): from–to, place, task. */
export const scheduleEntrySchema = new Schema(
  {
    staffId: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    date: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    start: { type: String, required: true, match: /^\d{2}:\d{2}$/ },
    end: { type: String, required: true, match: /^\d{2}:\d{2}$/ },
    place: { type: String, required: true },
    task: { type: String, required: true },
  },
  { timestamps: true },
);
scheduleEntrySchema.index({ communityId: 1, date: 1 });
scheduleEntrySchema.index({ staffId: 1, date: 1, start: 1 }, { unique: true });

export type ScheduleEntryDoc = InferSchemaType<typeof scheduleEntrySchema> & { _id: Types.ObjectId };
