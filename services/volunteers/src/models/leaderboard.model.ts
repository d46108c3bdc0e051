import { Schema, type InferSchemaType } from 'mongoose';

/** A volunteer's place on a board: what it earned and attended in the board's period. */
const leaderboardRowSchema = new Schema(
  {
    volunteerId: { type: Schema.Types.ObjectId, required: true },
    /** The volunteer's resident (null for a volunteer from outside the community). */
    residentId: { type: Schema.Types.ObjectId, default: null },
    /** Points earned: confirmed service hours only (a priority sign-up's spending and its refund are not earnings). */
    points: { type: Number, required: true },
    hours: { type: Number, required: true },
    /** Volunteer calls the volunteer was checked in at. */
    activities: { type: Number, required: true },
  },
  { _id: false },
);

/**
 * A community's points leaderboard of one period (志愿积分排行榜): the top volunteers of a month
 * (`2026-11`), a year (`2026`) or all time (`ALL`), ranked, one document read by id
 * (services/leaderboard-tally.ts keeps it with every write that earns).
 */
export const leaderboardSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId },
    communityId: { type: Schema.Types.ObjectId, required: true },
    /** `YYYY-MM`, `YYYY` or `ALL`. */
    period: { type: String, required: true },
    /** At most LEADERBOARD_SIZE rows, best first. */
    rows: { type: [leaderboardRowSchema], default: [] },
  },
  { timestamps: true, minimize: false, versionKey: false },
);

export type LeaderboardRow = InferSchemaType<typeof leaderboardRowSchema>;
