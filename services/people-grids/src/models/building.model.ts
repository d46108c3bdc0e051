import { stableObjectId } from '@jwh/platform';
import { Schema, type InferSchemaType, type Types } from 'mongoose';

/**
 * A building (楼栋) of a community, as the living map (活地图) draws it: its name is the one its
 * households carry (`Household.building`), its point is placed on the community's plan (`placeBuilding`,
 * or the demo generator). A building the register import or a new household brought in has no point
 * yet (`lat`/`lng` null): it is listed, not drawn.
 */
export const buildingSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    /** The small grid most of its households are in (null while it has none); kept by household writes and the recount. */
    gridId: { type: Schema.Types.ObjectId, default: null },
    /** As in `Household.building`, e.g. `3栋`. */
    name: { type: String, required: true },
    lat: { type: Number, default: null, min: -90, max: 90 },
    lng: { type: Number, default: null, min: -180, max: 180 },
    /**
     * Read model: households of the community with this building name. Moved with `$inc` by each
     * household created, split off or merged away; set by the recount (grid-stats job) that the
     * register import runs and that repairs whatever a write left behind.
     */
    householdCount: { type: Number, default: 0 },
    /** Who placed it last (token subject), null for demo data and for rows a household brought in. */
    placedBy: { type: String, default: null },
  },
  { timestamps: true },
);
// Community.buildings reads `{ communityId }` (one pushed-down equality); one row per name.
buildingSchema.index({ communityId: 1, name: 1 }, { unique: true });

export type BuildingDoc = InferSchemaType<typeof buildingSchema> & { _id: Types.ObjectId };

/**
 * A building's id, from its community and name: placing, a household write and the recount all
 * find the same row by a point read (an upsert by `_id` is idempotent).
 */
export const buildingIdFor = (communityId: unknown, name: string): Types.ObjectId =>
  stableObjectId(`building:${String(communityId)}:${name}`);
