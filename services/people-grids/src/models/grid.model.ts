import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const GRID_LEVELS = ['BIG', 'SMALL'] as const;

export const gridSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    name: { type: String, required: true },
    level: { type: String, enum: GRID_LEVELS, required: true },
    /** The big grid of a small grid. */
    parentId: { type: Schema.Types.ObjectId, default: null, index: true },
    /** Households in the grid, kept current by the `grid-stats` job. */
    householdCount: { type: Number, default: 0 },
    /** Residents in the grid (a big grid: in its small grids), kept with `householdCount`. */
    residentCount: { type: Number, default: 0 },
    /**
     * Active residents of a small grid per birth year (`{ "1944": 12 }`; the residents' own `gridId`),
     * for the 6789 counts without reading the elders: kept with `residentCount` by every single edit
     * (`shiftCounts`, `moveHouseholds`) and rebuilt by the recount.
     */
    birthYears: { type: Schema.Types.Mixed, default: undefined },
    /** When a merge emptied and retired it (kept, so household histories still name it); null while in use. */
    retiredAt: { type: Date, default: null },
    /** The grid a merge retired it into (`mergeGrids`): a retried merge finds it. */
    mergedIntoId: { type: Schema.Types.ObjectId, default: null },
    /** The small grid it was split off (`splitGrid`): a retried split finds it. */
    splitFromId: { type: Schema.Types.ObjectId, default: null },
    /** Who created it through `createGrid` or `splitGrid` (token subject; null for demo data). */
    createdBy: { type: String, default: null },
  },
  { timestamps: true },
);
// Names are unique among a community's grids in use (a retired grid keeps its name and its date).
gridSchema.index({ communityId: 1, name: 1, retiredAt: 1 }, { unique: true });
gridSchema.index({ communityId: 1, level: 1 });

export type GridDoc = Omit<InferSchemaType<typeof gridSchema>, 'birthYears'> & {
  _id: Types.ObjectId;
  birthYears?: Record<string, number> | null;
};
