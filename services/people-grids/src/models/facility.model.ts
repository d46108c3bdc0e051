import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const FACILITY_TYPES = [
  'FIRE_HYDRANT',
  'MANHOLE_COVER',
  'EXERCISE_EQUIPMENT',
  'BIN',
  'GREEN_SPACE',
  'MEDICAL_STATION',
  'RECYCLING_STATION',
  'CONVENIENCE_STATION',
  'VOLUNTEER_POST',
] as const;
export const FACILITY_STATUSES = ['OK', 'NEEDS_REPAIR', 'OUT_OF_SERVICE'] as const;

/** A facility of the living map (活地图). Distances are computed in the service (no geo operators on FerretDB). */
export const facilitySchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    gridId: { type: Schema.Types.ObjectId, default: null },
    type: { type: String, enum: FACILITY_TYPES, required: true },
    name: { type: String, required: true },
    lat: { type: Number, required: true, min: -90, max: 90 },
    lng: { type: Number, required: true, min: -180, max: 180 },
    status: { type: String, enum: FACILITY_STATUSES, default: 'OK' },
    lastInspectedAt: { type: Date, default: null },
    /** The staff member who looks after it (管护人). */
    caretakerStaffId: { type: Schema.Types.ObjectId, default: null },
    /** Who added it (token subject) and the key a retry of the add repeats (the id derives from it). */
    createdBy: { type: String, default: null },
    idempotencyKey: { type: String, default: null },
    /** Retired facilities leave the map and the nearest-facility answers but are kept, with why. */
    retired: { type: Boolean, default: false },
    retiredAt: { type: Date, default: null },
    retiredReason: { type: String, default: null },
  },
  { timestamps: true },
);
facilitySchema.index({ type: 1 });
facilitySchema.index({ gridId: 1 });

/** The bounds of a location on the map (WGS-84 degrees). */
export const LAT_RANGE = [-90, 90] as const;
export const LNG_RANGE = [-180, 180] as const;

/** The facility a row is about, with its community and grid copied for the row scope (listed by facility). */
const ofFacility = () => ({
  facilityId: { type: Schema.Types.ObjectId, required: true, index: true },
  communityId: { type: Schema.Types.ObjectId, required: true },
  gridId: { type: Schema.Types.ObjectId, default: null },
});

/** An inspection of a facility (巡查): what was found, a note, a photo (an upload's id). Append-only. */
export const facilityInspectionSchema = new Schema(
  {
    ...ofFacility(),
    at: { type: Date, required: true },
    /** The inspector: token subject and staff record (null for a street admin). */
    by: { type: String, required: true },
    staffId: { type: Schema.Types.ObjectId, default: null },
    status: { type: String, enum: FACILITY_STATUSES, required: true },
    note: { type: String, default: null },
    photoUploadId: { type: Schema.Types.ObjectId, default: null },
    workItemId: { type: Schema.Types.ObjectId, default: null },
  },
  { versionKey: false },
);

export const WORK_ITEM_STATUSES = ['OPEN', 'DONE'] as const;

/** A piece of work an inspection opened (整改), with an owner and a due date, tracked to done. */
export const workItemSchema = new Schema(
  {
    ...ofFacility(),
    inspectionId: { type: Schema.Types.ObjectId, default: null },
    title: { type: String, required: true },
    ownerStaffId: { type: Schema.Types.ObjectId, required: true, index: true },
    dueDate: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    status: { type: String, enum: WORK_ITEM_STATUSES, default: 'OPEN' },
    createdBy: { type: String, required: true },
    completedAt: { type: Date, default: null },
    completedBy: { type: String, default: null },
    completionNote: { type: String, default: null },
  },
  { timestamps: true },
);
// A community's open work (openWorkItems): one pushed-down equality on both fields.
workItemSchema.index({ communityId: 1, status: 1 });

export type FacilityInspectionDoc = InferSchemaType<typeof facilityInspectionSchema> & { _id: Types.ObjectId };
export type WorkItemDoc = InferSchemaType<typeof workItemSchema> & { _id: Types.ObjectId };

export type FacilityDoc = InferSchemaType<typeof facilitySchema> & { _id: Types.ObjectId };
