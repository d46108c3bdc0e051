import { Schema, type InferSchemaType, type Types } from 'mongoose';

/**
 * The personal-data access log: one entry per unmasked read (who, role, which resident, which
 * field, purpose, when, request id), or one per export that revealed many residents (kind EXPORT,
 * with the count and what was exported; the residents it covered are in `PiiExportMember`).
 * Append-only: the model refuses updates and deletes.
 */
export const piiAccessSchema = new Schema(
  {
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    role: { type: String, required: true },
    /** The resident read; null for an export (its residents are in `PiiExportMember`). */
    residentId: { type: Schema.Types.ObjectId, default: null, index: true },
    kind: { type: String, enum: ['READ', 'EXPORT'], default: 'READ' },
    /** Residents whose data was revealed: 1 for a read, the rows for an export. */
    count: { type: Number, default: 1 },
    /** What was exported (e.g. 网格 1-1-1 台账), for an export. */
    subject: { type: String, default: null },
    /** The resident's community: a street admin reads the log of its own street's communities. */
    communityId: { type: String, required: true, index: true },
    field: { type: String, required: true },
    purpose: { type: String, required: true },
    requestId: { type: String, required: true },
    /** Calendar day in Asia/Shanghai (YYYY-MM-DD): the log is read community by community, day by day. */
    day: { type: String, default: null },
  },
  { versionKey: false },
);
piiAccessSchema.index({ communityId: 1, day: 1 });

/**
 * Who an export revealed, one row per resident, so "who has seen this resident's data" still
 * answers with the export (read by `{residentId}` equality) while the log lists the export once.
 */
export const piiExportMemberSchema = new Schema(
  {
    exportId: { type: Schema.Types.ObjectId, required: true },
    residentId: { type: Schema.Types.ObjectId, required: true, index: true },
  },
  { versionKey: false },
);

const refuse = () => {
  throw new Error('the personal-data access log is append-only');
};
for (const schema of [piiAccessSchema, piiExportMemberSchema])
  for (const op of ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'deleteOne', 'deleteMany', 'findOneAndDelete'] as const) {
    schema.pre(op, refuse);
  }

export type PiiAccessDoc = InferSchemaType<typeof piiAccessSchema> & { _id: Types.ObjectId };

/** Read model of the log: entries per community and day (`_id` = `<communityId>|<day>`), kept by every append. */
export const piiAccessDaySchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: String, required: true, index: true },
    day: { type: String, required: true },
    n: { type: Number, default: 0 },
  },
  { versionKey: false },
);
