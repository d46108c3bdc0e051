import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const GENDERS = ['MALE', 'FEMALE'] as const;
export const HUKOU = ['LOCAL', 'NON_LOCAL'] as const;
export const RESIDENT_TAGS = [
  'LOW_INCOME',
  'DISABLED',
  'EMPTY_NEST',
  'LIVING_ALONE',
  'VETERAN_FAMILY',
  'RETIRED_CADRE',
  'UNEMPLOYED',
] as const;
/** Tags derived from the household and the members' ages (services/derived-tags.ts): never set by hand. */
export const DERIVED_TAGS = ['EMPTY_NEST', 'LIVING_ALONE'] as const;
/** How a resident left the active population: moved out of the community (迁出) or died (死亡). */
export const DEPARTURE_KINDS = ['MOVED_OUT', 'DECEASED'] as const;

/**
 * The filter of the active population, added to every read of it (members, lists, counts, birthdays):
 * `$ne` matches residents without the field too, and FerretDB pushes it down.
 */
export const ACTIVE_RESIDENT = { departed: { $ne: true } } as const;

export const residentSchema = new Schema(
  {
    householdId: { type: Schema.Types.ObjectId, required: true, index: true },
    /** Copied from the household so grid and community scoping is a filter on this collection. */
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    gridId: { type: Schema.Types.ObjectId, default: null, index: true },
    name: { type: String, required: true },
    gender: { type: String, enum: GENDERS, required: true },
    /** YYYY-MM-DD */
    birthDate: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    /** `MM-DD` of the birth date, for birthday windows on an index. */
    birthMonthDay: { type: String, required: true, index: true },
    /** Year of the birth date: elder tiers are read a birth year at a time (equality, not a date range). */
    birthYear: { type: Number, default: null },
    /** First character of the name: name searches read one initial at a time (equality, not a regex). */
    nameInitial: { type: String, default: null },
    /** `listBucketOf(_id)`: lists read a grid one bucket at a time (see there). */
    listBucket: { type: Number, default: null },
    phone: { type: String, default: null },
    /** National ID number, AES-256-GCM sealed (PiiCipher); never stored in clear. */
    nationalIdEnc: { type: String, required: true },
    /** Keyed hash of the national ID for exact lookups; unique. */
    nationalIdHash: { type: String, required: true, unique: true },
    hukou: { type: String, enum: HUKOU, required: true },
    tags: { type: [String], enum: RESIDENT_TAGS, default: [] },
    // --- Administration (issue 15): departures and who created the record. ---
    /**
     * True once the resident has left the active population (moved out of the community, died): the
     * record is kept, marked, but household members, counts, elder tiers, birthdays and lists leave it
     * out (`ACTIVE_RESIDENT`). Absent on every other resident.
     */
    departed: { type: Boolean, default: undefined },
    /** Why and when a departed resident left. */
    departure: {
      type: new Schema(
        {
          kind: { type: String, enum: DEPARTURE_KINDS, required: true },
          /** The civil date it happened (YYYY-MM-DD). */
          date: { type: String, required: true },
          reason: { type: String, default: null },
        },
        { _id: false },
      ),
      default: undefined,
    },
    /** Who added the resident by mutation and the key of that request (a retry returns the same resident). */
    createdBy: { type: String, default: undefined },
    idempotencyKey: { type: String, default: undefined },
  },
  { timestamps: true },
);
// MongoDB indexes for the everyday shapes (FerretDB pushes the same equalities down):
// a grid's residents in id order (lists walk grid by grid), birthdays of a community by day.
residentSchema.index({ gridId: 1, _id: 1 });
residentSchema.index({ gridId: 1, listBucket: 1, _id: 1 });
residentSchema.index({ communityId: 1, birthMonthDay: 1 });
residentSchema.index({ communityId: 1, birthYear: 1 });
// A grid's elders one birth year at a time (the owed list of a 6789 service for a worker's walk).
residentSchema.index({ gridId: 1, birthYear: 1 });
residentSchema.index({ communityId: 1, nameInitial: 1 });

export type ResidentDoc = InferSchemaType<typeof residentSchema> & { _id: Types.ObjectId };

/** The fields kept beside a resident's birth date and name for equality reads (every writer sets them; the recount repairs them). */
export function derivedResidentFields(r: { birthDate: string; name: string }): {
  birthMonthDay: string;
  birthYear: number;
  nameInitial: string;
} {
  return { birthMonthDay: r.birthDate.slice(5), birthYear: Number(r.birthDate.slice(0, 4)), nameInitial: [...r.name.trim()][0] ?? '' };
}

/** How many buckets a grid's residents are split into for lists. */
export const LIST_BUCKETS = 16;

/**
 * A resident's list bucket, from its id: a grid's residents fall into LIST_BUCKETS near-equal
 * parts, so a page of a grid reads one part (`{ gridId, listBucket }`, both pushed down) rather than
 * the whole grid (FerretDB sorts and limits in Go after reading every matching row: a grid of
 * 1,000 residents cost 108 ms a page, one bucket of it about 8). Writers set it; the recount repairs it.
 */
export const listBucketOf = (id: unknown): number => parseInt(String(id).slice(-4), 16) % LIST_BUCKETS;
