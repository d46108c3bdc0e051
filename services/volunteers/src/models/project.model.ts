import { Schema, type InferSchemaType, type Types } from 'mongoose';

/** A government-purchased service project (政府购买服务): contract, deliverables, evaluation before payment. */
export const projectSchema = new Schema(
  {
    organizationId: { type: Schema.Types.ObjectId, required: true, index: true },
    title: { type: String, required: true },
    amountCents: { type: Number, required: true, min: 1 },
    periodStart: { type: String, required: true },
    periodEnd: { type: String, required: true },
    /** What the organisation delivers, each by a civil date (YYYY-MM-DD). */
    deliverables: {
      type: [
        {
          title: { type: String, required: true },
          dueDate: { type: String, required: true },
          done: { type: Boolean, default: false },
          _id: false,
        },
      ],
      default: [],
    },
    status: { type: String, enum: ['CONTRACTED', 'IN_PROGRESS', 'EVALUATED', 'CLOSED'], default: 'CONTRACTED', index: true },
    evaluation: {
      type: {
        result: { type: String, required: true },
        score: { type: Number, required: true },
        note: { type: String, default: '' },
        at: { type: Date, required: true },
        _id: false,
      },
      default: null,
    },
    paidCents: { type: Number, default: 0 },
    /** Payments, each once by its key. */
    payments: { type: [{ key: String, amountCents: Number, at: Date, _id: false }], default: [] },
  },
  { timestamps: true },
);

type ProjectFields = InferSchemaType<typeof projectSchema>;

/** A project as read (lean, or as created): its deliverables and payments plain arrays. */
export type ProjectDoc = Omit<ProjectFields, 'deliverables' | 'payments'> & {
  _id: Types.ObjectId;
  deliverables: Pick<ProjectFields['deliverables'][number], 'title' | 'dueDate' | 'done'>[];
  payments: Pick<ProjectFields['payments'][number], 'key' | 'amountCents' | 'at'>[];
};
