import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const RATINGS = ['EXCELLENT', 'GOOD', 'FAIR', 'POOR'] as const;

export const workerReviewSchema = new Schema(
  {
    staffMemberId: { type: Schema.Types.ObjectId, required: true, index: true },
    reviewerResidentId: { type: Schema.Types.ObjectId, required: true },
    period: { type: String, required: true, match: /^\d{4}-Q[1-4]$/ },
    rating: { type: String, enum: RATINGS, required: true },
    reason: { type: String, default: null },
    valid: { type: Boolean, required: true },
  },
  { timestamps: true },
);
workerReviewSchema.index({ staffMemberId: 1, reviewerResidentId: 1, period: 1 }, { unique: true });

export type WorkerReviewDoc = InferSchemaType<typeof workerReviewSchema> & { _id: Types.ObjectId };
