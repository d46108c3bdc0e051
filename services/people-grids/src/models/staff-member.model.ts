import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const STAFF_ROLES = ['SECRETARY', 'COMMITTEE_MEMBER', 'GRID_WORKER', 'SOCIAL_WORKER'] as const;

export const staffMemberSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    name: { type: String, required: true },
    role: { type: String, enum: STAFF_ROLES, required: true },
    gridIds: { type: [Schema.Types.ObjectId], default: [], index: true },
    dutyPhone: { type: String, default: null },
  },
  { timestamps: true },
);

export type StaffMemberDoc = InferSchemaType<typeof staffMemberSchema> & { _id: Types.ObjectId };
