import { Schema, type InferSchemaType } from 'mongoose';

export const DECISION_LEVELS = ['COMMUNITY', 'STREET', 'CITY'] as const;

/** A matter of the doorstep catalogue, modelled on an Open311 service definition. */
export const serviceTypeSchema = new Schema(
  {
    code: { type: String, required: true, unique: true, match: /^[A-Z][A-Z0-9_]{1,40}$/ },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    requiredMaterials: { type: [String], default: [] },
    deadlineWorkingDays: { type: Number, required: true, min: 1 },
    decidedBy: { type: String, enum: DECISION_LEVELS, required: true },
    /** Where an ineligible or out-of-power request is referred to (告知去处). */
    referTo: { type: String, default: '' },
    doorstep: { type: Boolean, default: true },
    /** Eligibility rules checked at creation; a failed rule refers the request with its reason. */
    eligibility: {
      minAge: { type: Number, default: null },
      localHukouRequired: { type: Boolean, default: false },
      requiredTag: { type: String, default: null },
    },
  },
  { timestamps: true },
);

/** The catalogue by who decides (read whole as its three parts on FerretDB). */
serviceTypeSchema.index({ decidedBy: 1, code: 1 });

export type ServiceTypeDoc = InferSchemaType<typeof serviceTypeSchema>;
