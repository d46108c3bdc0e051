import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const SATISFACTION = ['BASIC', 'SATISFIED', 'VERY_SATISFIED'] as const;

export const surveyResponseSchema = new Schema(
  {
    residentId: { type: Schema.Types.ObjectId, required: true, index: true },
    /** The respondent's community (row scoping). */
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    period: { type: String, required: true, match: /^\d{4}-Q[1-4]$/ },
    sawMember: { type: Boolean, required: true },
    talkedWithMember: { type: Boolean, required: true },
    membersKnown: { type: Number, required: true, min: 0, max: 2 },
    satisfaction: { type: String, enum: SATISFACTION, required: true },
  },
  { timestamps: true },
);
/** One response per resident and period. */
surveyResponseSchema.index({ residentId: 1, period: 1 }, { unique: true });

export type SurveyResponseDoc = InferSchemaType<typeof surveyResponseSchema> & { _id: Types.ObjectId };
