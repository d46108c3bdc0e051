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
  },
  { timestamps: true },
);
facilitySchema.index({ type: 1 });

export type FacilityDoc = InferSchemaType<typeof facilitySchema> & { _id: Types.ObjectId };
