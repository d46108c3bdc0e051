import { stableObjectId } from '@jwh/platform';
import { Schema, type Types } from 'mongoose';
import type { Plain } from './plain.js';

export const DECISION_LEVELS = ['COMMUNITY', 'STREET', 'CITY'] as const;
export type DecisionLevel = (typeof DECISION_LEVELS)[number];

/** A matter's code: a capital letter, then 1–40 capitals, digits or underscores (e.g. PENSION_CARD). */
export const MATTER_CODE = /^[A-Z][A-Z0-9_]{1,40}$/;

/**
 * The terms of a matter, modelled on an Open311 service definition: what a version fixes and a
 * request follows (its deadline, materials and eligibility come from the version it was created under).
 */
const matterTerms = {
  street: { type: String, required: true },
  code: { type: String, required: true, match: MATTER_CODE },
  name: { type: String, required: true },
  description: { type: String, default: '' },
  requiredMaterials: { type: [String], default: [] },
  deadlineWorkingDays: { type: Number, required: true, min: 1, max: 60 },
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
};

/**
 * A matter of a street's doorstep catalogue as it stands now: its current version's terms, copied
 * here so the catalogue and a new request read one document. `_id` derives from (street, code)
 * (`matterIdOf`): a matter is read by id, and two streets may use the same code.
 */
export const serviceTypeSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId },
    ...matterTerms,
    /** The current version's number (1, 2, …) and id (`matterVersionIdOf`). */
    version: { type: Number, required: true, min: 1 },
    versionId: { type: Schema.Types.ObjectId, required: true },
    /** Retired (停办): no new requests; requests already taken keep their version. */
    retiredAt: { type: Date, default: null },
    retiredReason: { type: String, default: null },
  },
  { timestamps: true },
);
/** A street's catalogue: one equality read of tens of rows. */
serviceTypeSchema.index({ street: 1, code: 1 }, { unique: true });

/**
 * One version of a matter's terms, never changed once written. `_id` derives from (matter,
 * version number): writing version n + 1 is the claim a concurrent edit loses. A request keeps
 * the id of the version it was created under.
 */
export const matterVersionSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId },
    matterId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true, min: 1 },
    ...matterTerms,
    /** Why the matter was added (may be null) or its terms changed, and who did it (token subject). */
    reason: { type: String, default: null },
    createdBy: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
/** A matter's history, oldest first. */
matterVersionSchema.index({ matterId: 1, version: 1 }, { unique: true });

/** The id of a street's matter `code`. */
export const matterIdOf = (street: string, code: string): Types.ObjectId => stableObjectId(`matter:${street}:${code}`);
/** The id of version `version` of a matter. */
export const matterVersionIdOf = (matterId: unknown, version: number): Types.ObjectId =>
  stableObjectId(`matter-version:${String(matterId)}:${version}`);

export type ServiceTypeDoc = Plain<typeof serviceTypeSchema>;
export type MatterVersionDoc = Plain<typeof matterVersionSchema> & { createdAt: Date };
