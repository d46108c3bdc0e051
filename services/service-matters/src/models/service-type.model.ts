import { Schema, type InferSchemaType } from 'mongoose';

export const DECISION_LEVELS = ['COMMUNITY', 'STREET', 'CITY'] as const;

export const serviceTypeSchema = new Schema(
  {
    code: { type: String, required: true, unique: true, match: /^[A-Z][A-Z0-9_]{1,40}$/ },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    requiredMaterials: { type: [String], default: [] },
    deadlineWorkingDays: { type: Number, required: true, min: 1 },
    decidedBy: { type: String, enum: DECISION_LEVELS, required: true },
    doorstep: { type: Boolean, default: true },
  },
  { timestamps: true },
);

export type ServiceTypeDoc = InferSchemaType<typeof serviceTypeSchema>;
