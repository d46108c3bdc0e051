import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const CHANNELS = ['DOORSTEP', 'RECEPTION', 'WECHAT', 'PHONE'] as const;
export const REQUEST_STATUSES = ['RECEIVED', 'MATERIALS_COLLECTED', 'FORWARDED', 'RESULT_RECEIVED', 'DELIVERED', 'REFERRED', 'REJECTED', 'WITHDRAWN'] as const;

export const serviceRequestSchema = new Schema(
  {
    /** A resident of people-grids (a reference by id: services meet in the graph). */
    residentId: { type: Schema.Types.ObjectId, required: true, index: true },
    /** The resident's community and small grid when the request was taken (row scoping). */
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    gridId: { type: Schema.Types.ObjectId, default: null, index: true },
    typeCode: { type: String, required: true, index: true },
    channel: { type: String, enum: CHANNELS, required: true },
    status: { type: String, enum: REQUEST_STATUSES, default: 'RECEIVED', index: true },
    receivedAt: { type: Date, required: true },
  },
  { timestamps: true },
);

export type ServiceRequestDoc = InferSchemaType<typeof serviceRequestSchema> & { _id: Types.ObjectId };
