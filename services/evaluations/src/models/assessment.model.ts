import { Schema, type InferSchemaType, type Types } from 'mongoose';

const itemSchema = new Schema(
  {
    key: { type: String, required: true },
    title: { type: String, required: true },
    maxScore: { type: Number, required: true },
    selfScore: { type: Number, required: true },
    evaluatedScore: { type: Number, default: null },
    note: { type: String, default: null },
    evaluatorNote: { type: String, default: null },
  },
  { _id: false },
);

/** A community's self-report and self-score table for a period (one per community and period). */
export const selfAssessmentSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    period: { type: String, required: true, match: /^\d{4}(-Q[1-4])?$/ },
    understanding: { type: String, required: true },
    plan: { type: String, required: true },
    implementation: { type: String, required: true },
    cases: { type: String, required: true },
    items: { type: [itemSchema], required: true },
    submittedBy: { type: String, required: true },
    evaluatedBy: { type: String, default: null },
  },
  { timestamps: true },
);
selfAssessmentSchema.index({ communityId: 1, period: 1 }, { unique: true });

/** Score weights of a street (`_id` is the street's name). */
export const scoreWeightsSchema = new Schema(
  {
    _id: { type: String },
    offDesk: { type: Number, required: true },
    onTime: { type: Number, required: true },
    reviews: { type: Number, required: true },
    audit: { type: Number, required: true },
    setBy: { type: String, required: true },
  },
  { timestamps: true },
);

export type SelfAssessmentDoc = InferSchemaType<typeof selfAssessmentSchema> & { _id: Types.ObjectId };
