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
  },
  { timestamps: true },
);
gridSchema.index({ communityId: 1, name: 1 }, { unique: true });
gridSchema.index({ communityId: 1, level: 1 });

export type GridDoc = InferSchemaType<typeof gridSchema> & { _id: Types.ObjectId };
