import { Schema } from 'mongoose';

/**
 * One row per state a request or suggestion has left. Both state machines are acyclic, so a state
 * is left at most once: the unique key decides between two concurrent changes on every engine
 * (FerretDB 1.24 does not serialise concurrent guarded findOneAndUpdate calls).
 */
export const stepClaimSchema = new Schema(
  {
    /** `<kind>:<id>:<state left>` */
    key: { type: String, required: true, unique: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
