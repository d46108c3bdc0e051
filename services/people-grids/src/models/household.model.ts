import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const householdSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    /** The small grid; null means outside every grid (a gap to close). */
    gridId: { type: Schema.Types.ObjectId, default: null, index: true },
    /**
     * True exactly when `gridId` is null: the gap report reads `{ communityId, ungridded: true }`,
     * an equality FerretDB pushes down (it cannot push down `gridId: null`). Writers keep it with
     * `gridId`; the recount job repairs it.
     */
    ungridded: {
      type: Boolean,
      default(this: { gridId?: unknown }) {
        return this.gridId == null;
      },
    },
    /** The big grid of `gridId`, denormalised so big-grid counts and scoping are one filter. */
    bigGridId: { type: Schema.Types.ObjectId, default: null, index: true },
    /** Building (楼栋) name, e.g. `3栋`. */
    building: { type: String, default: null },
    address: { type: String, required: true },
    /** Stable key of the household in imported registers (台账), for idempotent re-imports. */
    registerKey: { type: String, default: null },
    /**
     * Read model of its active members (issue 17): how many, and the union of their tags (in
     * RESIDENT_TAGS order), so a grid's household list reads households only. Set by every write that
     * changes who lives here or their tags (`refreshHouseholdTags`), repaired by the recount; absent on
     * rows written before it (readers then count the members).
     */
    memberCount: { type: Number, default: undefined },
    tags: { type: [String], default: undefined },
    /** Who created the household by mutation (`createHousehold`, `splitHousehold`): a retry with the same key returns it. */
    createdBy: { type: String, default: undefined },
  },
  { timestamps: true },
);
householdSchema.index({ communityId: 1, address: 1 }, { unique: true });
householdSchema.index({ communityId: 1, ungridded: 1 });
// A grid's households in id order (Grid.households pages a small grid at a time).
householdSchema.index({ gridId: 1, _id: 1 });
// A building's households (its grid, kept on the building when households move).
householdSchema.index({ communityId: 1, building: 1 });

export type HouseholdDoc = InferSchemaType<typeof householdSchema> & { _id: Types.ObjectId };
