import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const communitySchema = new Schema(
  {
    name: { type: String, required: true },
    street: { type: String, required: true },
    /** Read model: households and residents of the community, kept by the recount (grid-stats job) that every bulk write runs. */
    householdCount: { type: Number, default: 0 },
    residentCount: { type: Number, default: 0 },
    /** Residents per birth year (`{ "1944": 118 }`), for elder-tier totals without a count. */
    birthYears: { type: Map, of: Number, default: {} },
    /** The read-model version the recount last brought this community to (READ_MODEL_VERSION): a subgraph that finds it behind at boot queues a recount. */
    readModelVersion: { type: Number, default: 0 },
    /** Who created it through `createCommunity` (token subject; null for demo data): a retry by the same caller gets it back. */
    createdBy: { type: String, default: null },
  },
  { timestamps: true },
);
communitySchema.index({ street: 1, name: 1 }, { unique: true });

export type CommunityDoc = InferSchemaType<typeof communitySchema> & { _id: Types.ObjectId };
