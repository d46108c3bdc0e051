import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const RATINGS = ['EXCELLENT', 'GOOD', 'FAIR', 'POOR'] as const;

/**
 * A drawn reviewer's rating of a worker; `_id` derives from the draw item (one review per item).
 * The reviewer is not stored: the draw item links the review to its stratum, and only street
 * admins can read draw items.
 */
export const workerReviewSchema = new Schema(
  {
    drawItemId: { type: Schema.Types.ObjectId, required: true },
    waveId: { type: Schema.Types.ObjectId, required: true },
    staffId: { type: Schema.Types.ObjectId, required: true, index: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    period: { type: String, required: true, match: /^\d{4}-Q[1-4]$/ },
    rating: { type: String, enum: RATINGS, required: true },
    reason: { type: String, default: null },
    valid: { type: Boolean, required: true },
    /** Validity when submitted (what the running counts took in first). */
    submittedValid: { type: Boolean, required: true },
    invalidatedNote: { type: String, default: null },
    invalidatedBy: { type: String, default: null },
    submittedBy: { type: String, required: true },
    /** Sequence numbers of the submission and of an invalidation in the running totals. */
    seq: { type: Number, default: null },
    invalidationSeq: { type: Number, default: null },
    /** False while an invalidation is not yet in the running counts. */
    invalidationApplied: { type: Boolean, default: true },
    aggregated: { type: Boolean, default: false },
  },
  { timestamps: true },
);

/** Running counts of a worker's reviews in one wave (guarded by `seq`, as rate aggregates). */
export const reviewAggregateSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId },
    waveId: { type: Schema.Types.ObjectId, required: true },
    staffId: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    period: { type: String, required: true },
    seq: { type: Number, default: 0 },
    EXCELLENT: { type: Number, default: 0 },
    GOOD: { type: Number, default: 0 },
    FAIR: { type: Number, default: 0 },
    POOR: { type: Number, default: 0 },
    invalid: { type: Number, default: 0 },
  },
  { minimize: false },
);

/** Reviews not yet (or not yet invalidated) in the running counts (the repair job's equality reads). */
workerReviewSchema.index({ aggregated: 1 });
workerReviewSchema.index({ invalidationApplied: 1 });

/** A worker's review counts, wave by wave (its summary and score for a quarter or a year). */
reviewAggregateSchema.index({ staffId: 1, period: 1 });

export type WorkerReviewDoc = InferSchemaType<typeof workerReviewSchema> & { _id: Types.ObjectId };
