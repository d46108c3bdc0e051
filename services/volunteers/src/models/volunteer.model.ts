import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const volunteerSchema = new Schema(
  {
    /** A resident of people-grids; one volunteer profile per resident. */
    residentId: { type: Schema.Types.ObjectId, required: true, unique: true },
    /** The resident's community (row scoping). */
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    skills: { type: [String], default: [], index: true },
    /** The resident's small grid (from people-grids when registered), for finding volunteers nearby. */
    gridId: { type: Schema.Types.ObjectId, default: null, index: true },
    /** When they can help: WEEKDAY_DAYTIME, WEEKDAY_EVENING, WEEKEND. */
    availability: { type: [String], default: [] },
    pointsBalance: { type: Number, default: 0, min: 0 },
    hoursServed: { type: Number, default: 0, min: 0 },
    joinedAt: { type: Date, required: true },
  },
  { timestamps: true },
);

export type VolunteerDoc = InferSchemaType<typeof volunteerSchema> & { _id: Types.ObjectId };
