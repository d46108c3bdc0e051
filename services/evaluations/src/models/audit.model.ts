import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const AUDIT_STATUSES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED'] as const;
export const AUDIT_RESULTS = ['PENDING', 'VERIFIED', 'NOT_FOUND', 'DISCREPANCY'] as const;

/** A quarterly audit of a community: k visits per worker, drawn with a recorded seed. */
export const auditSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    period: { type: String, required: true, match: /^\d{4}-Q[1-4]$/ },
    perWorker: { type: Number, required: true },
    seed: { type: String, required: true },
    status: { type: String, enum: AUDIT_STATUSES, default: 'QUEUED' },
    failure: { type: String, default: null },
    requestedBy: { type: String, required: true },
  },
  { timestamps: true },
);
auditSchema.index({ communityId: 1, period: 1 }, { unique: true });

export const auditItemSchema = new Schema({
  auditId: { type: Schema.Types.ObjectId, required: true, index: true },
  communityId: { type: Schema.Types.ObjectId, required: true },
  period: { type: String, required: true },
  visitId: { type: Schema.Types.ObjectId, required: true },
  staffId: { type: Schema.Types.ObjectId, required: true },
  rank: { type: String, required: true },
  result: { type: String, enum: AUDIT_RESULTS, default: 'PENDING' },
  note: { type: String, default: null },
  checkedBy: { type: String, default: null },
  checkedAt: { type: Date, default: null },
});

/** A community's audited visits of one quarter (worker scores read a quarter, or a year's four, by equality). */
auditItemSchema.index({ communityId: 1, period: 1 });

export type AuditDoc = InferSchemaType<typeof auditSchema> & { _id: Types.ObjectId };
export type AuditItemDoc = InferSchemaType<typeof auditItemSchema> & { _id: Types.ObjectId };
