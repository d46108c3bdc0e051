import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const STAFF_ROLES = ['SECRETARY', 'COMMITTEE_MEMBER', 'GRID_WORKER', 'SOCIAL_WORKER'] as const;
/** Kinds of post a member may hold: a fixed public post (固定场所), a reception desk (接待工位). */
export const STAFF_POST_KINDS = ['PUBLIC_POST', 'RECEPTION_DESK'] as const;

export const staffMemberSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    name: { type: String, required: true },
    role: { type: String, enum: STAFF_ROLES, required: true },
    gridIds: { type: [Schema.Types.ObjectId], default: [], index: true },
    dutyPhone: { type: String, default: null },
    /** The kinds of post it may hold (STAFF_POST_KINDS). */
    postKinds: { type: [String], enum: STAFF_POST_KINDS, default: [] },
    /** When it left (staffLeaves): kept, no longer listed among the active staff. */
    leftAt: { type: Date, default: null },
    leaveReason: { type: String, default: null },
    /** Who added it through `addStaffMember` (token subject): a retry with the same key by anyone else is refused. */
    createdBy: { type: String, default: null },
  },
  { timestamps: true },
);

export type StaffMemberDoc = InferSchemaType<typeof staffMemberSchema> & { _id: Types.ObjectId };
