import { Schema, type InferSchemaType, type Types } from 'mongoose';

/**
 * The personal-data access log: one entry per unmasked read (who, role, which resident, which
 * field, purpose, when, request id). Append-only: the model refuses updates and deletes.
 */
export const piiAccessSchema = new Schema(
  {
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    role: { type: String, required: true },
    residentId: { type: Schema.Types.ObjectId, required: true, index: true },
    /** The resident's community: a street admin reads the log of its own street's communities. */
    communityId: { type: String, required: true, index: true },
    field: { type: String, required: true },
    purpose: { type: String, required: true },
    requestId: { type: String, required: true },
  },
  { versionKey: false },
);
const refuse = () => {
  throw new Error('the personal-data access log is append-only');
};
for (const op of ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'deleteOne', 'deleteMany', 'findOneAndDelete'] as const) {
  piiAccessSchema.pre(op, refuse);
}

export type PiiAccessDoc = InferSchemaType<typeof piiAccessSchema> & { _id: Types.ObjectId };
