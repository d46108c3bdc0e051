import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'RETRYING', 'DEAD'] as const;

/**
 * A notification to a staff member or a resident. Its `key` is the reminder's job id (kind,
 * entity, recipient, due time), unique: a reminder re-run after a crash, or fired by two workers,
 * makes one notification. Deliveries per channel are kept by channel name (no positional updates).
 */
export const notificationSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    recipientType: { type: String, enum: ['STAFF', 'RESIDENT'], required: true },
    recipientId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    entityId: { type: String, required: true },
    dueAt: { type: Date, required: true },
    title: { type: String, required: true },
    text: { type: String, required: true },
    readAt: { type: Date, default: null },
    /** channel name → { status, attempts, lastError, at } */
    deliveries: { type: Schema.Types.Mixed, default: {} },
  },
  { timestamps: true, minimize: false },
);
notificationSchema.index({ recipientId: 1, createdAt: -1 });

export type NotificationDoc = InferSchemaType<typeof notificationSchema> & { _id: Types.ObjectId };
