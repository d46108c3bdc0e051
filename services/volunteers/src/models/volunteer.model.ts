import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const volunteerSchema = new Schema(
  {
    /** A resident of people-grids, or null for a volunteer from outside the community. */
    residentId: { type: Schema.Types.ObjectId, default: null, index: true },
    /** `resident:<id>` or `outsider:<phone>`: one profile per person (unique). */
    personKey: { type: String, required: true, unique: true },
    /** An outsider's contact (a resident's is in people-grids); the phone is shown masked. */
    contact: { type: { name: String, phone: String, _id: false }, default: null },
    /** The resident's community (row scoping). */
    communityId: { type: Schema.Types.ObjectId, required: true },
    /** The resident's household, from people-grids when registered (row scoping: a resident sees its household's). */
    householdId: { type: Schema.Types.ObjectId, default: null },
    teamIds: { type: [Schema.Types.ObjectId], default: [], index: true },
    skills: { type: [String], default: [] },
    /** The resident's small grid (from people-grids when registered): finding volunteers nearby, and a grid worker's row scope. */
    gridId: { type: Schema.Types.ObjectId, default: null, index: true },
    /** When they can help: WEEKDAY_DAYTIME, WEEKDAY_EVENING, WEEKEND. */
    availability: { type: [String], default: [] },
    pointsBalance: { type: Number, default: 0, min: 0 },
    hoursServed: { type: Number, default: 0, min: 0 },
    joinedAt: { type: Date, required: true },
  },
  { timestamps: true },
);

/** A community's volunteers, and those with a skill (the volunteers list reads one community at a time). */
volunteerSchema.index({ communityId: 1, skills: 1 });

export type VolunteerDoc = InferSchemaType<typeof volunteerSchema> & { _id: Types.ObjectId };
