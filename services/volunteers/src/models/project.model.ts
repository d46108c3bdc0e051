import { Schema, type InferSchemaType, type Types } from 'mongoose';

/** A government-purchased service project (政府购买服务): contract, deliverables, evaluation before payment. */
export const projectSchema = new Schema(
  {
    organizationId: { type: Schema.Types.ObjectId, required: true, index: true },
    title: { type: String, required: true },
    amountCents: { type: Number, required: true, min: 1 },
    periodStart: { type: String, required: true },
    periodEnd: { type: String, required: true },
    deliverables: { type: [{ title: String, dueDate: String, done: Boolean, _id: false }], default: [] },
    status: { type: String, enum: ['CONTRACTED', 'IN_PROGRESS', 'EVALUATED', 'CLOSED'], default: 'CONTRACTED', index: true },
    evaluation: { type: { result: String, score: Number, note: String, at: Date, _id: false }, default: null },
    paidCents: { type: Number, default: 0 },
    /** Payments, each once by its key. */
    payments: { type: [{ key: String, amountCents: Number, at: Date, _id: false }], default: [] },
  },
  { timestamps: true },
);

export type ProjectDoc = InferSchemaType<typeof projectSchema> & { _id: Types.ObjectId };
