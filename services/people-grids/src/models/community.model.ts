import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const communitySchema = new Schema(
  {
    name: { type: String, required: true },
    street: { type: String, required: true },
  },
  { timestamps: true },
);
communitySchema.index({ street: 1, name: 1 }, { unique: true });

export type CommunityDoc = InferSchemaType<typeof communitySchema> & { _id: Types.ObjectId };
