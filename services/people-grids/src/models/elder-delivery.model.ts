import { Schema, type InferSchemaType, type Types } from 'mongoose';

/** The 6789 elder services (为老服务) whose delivery is recorded (DOMAIN.md §6). */
export const ELDER_SERVICES = ['HAIRCUT', 'CANTEEN_MEAL', 'BIRTHDAY_CAKE', 'FESTIVAL_GIFT', 'BIRTHDAY_BANQUET'] as const;
export type ElderServiceName = (typeof ELDER_SERVICES)[number];

/**
 * One delivery of an elder service to a resident on one occasion (the month of a haircut, the day of
 * a canteen meal, the year's birthday, the festival and year). One per resident, service and
 * occasion (unique index): a retry or a second worker's delivery finds the first and counts nothing twice.
 */
export const elderDeliverySchema = new Schema(
  {
    residentId: { type: Schema.Types.ObjectId, required: true },
    householdId: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    /** The resident's small grid when delivered (the owed counts take the resident's grid of today). */
    gridId: { type: Schema.Types.ObjectId, default: null },
    service: { type: String, enum: ELDER_SERVICES, required: true },
    /** `2026-11` (haircut), `2026-11-26` (canteen meal), `2026` (birthdays), `MID_AUTUMN:2026` (festival gifts). */
    occasion: { type: String, required: true },
    /** The resident's elder tier on the occasion. */
    tier: { type: String, required: true },
    at: { type: Date, required: true },
    /** Who delivered it, and who recorded it (token subject). */
    staffId: { type: Schema.Types.ObjectId, required: true },
    createdBy: { type: String, required: true },
  },
  { timestamps: true },
);
elderDeliverySchema.index({ residentId: 1, service: 1, occasion: 1 }, { unique: true });
// An occasion's deliveries in a community (the owed counts and lists: one pushed-down equality read).
elderDeliverySchema.index({ communityId: 1, service: 1, occasion: 1 });

export type ElderDeliveryDoc = InferSchemaType<typeof elderDeliverySchema> & { _id: Types.ObjectId };

/**
 * Read model of a worker's deliveries per month (its figures beside its visits): one document per
 * community, worker and month, `deliveries` mapping a delivery id to its local date. Kept with each
 * delivery by a `$set` of one key, so a retry repairs a tally its first attempt missed; a period's
 * figures are one pushed-down `{ communityId, month }` read per month.
 */
export const elderDeliveryMonthSchema = new Schema(
  {
    /** `<communityId>:<staffId>:<YYYY-MM>`. */
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    staffId: { type: Schema.Types.ObjectId, required: true },
    month: { type: String, required: true, match: /^\d{4}-\d{2}$/ },
    deliveries: { type: Schema.Types.Mixed, default: {} },
  },
  { minimize: false },
);
elderDeliveryMonthSchema.index({ communityId: 1, month: 1 });

export type ElderDeliveryMonthDoc = Omit<InferSchemaType<typeof elderDeliveryMonthSchema>, 'deliveries'> & {
  deliveries: Record<string, string>;
};

/**
 * Read model of an occasion's deliveries in a community (the owed counts): one document per
 * community, service and occasion, `cells` mapping the resident's small grid of today (`none`
 * outside any) and elder tier to how many active residents of the occasion's birth years have had
 * it. Incremented by the delivery that inserted the row (the unique index decides who is first,
 * so a retry or a second worker counts nothing twice); moved by the writers that move a resident
 * to another grid or out of the active population (`shiftDeliveries`). A report reads it by `_id`.
 */
export const elderDeliveryTallySchema = new Schema(
  {
    /** `<communityId>:<service>:<occasion>`. */
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    service: { type: String, enum: ELDER_SERVICES, required: true },
    occasion: { type: String, required: true },
    cells: { type: Schema.Types.Mixed, default: {} },
  },
  { minimize: false },
);
// A community's tallies (the recount rebuilds them): one pushed-down equality read.
elderDeliveryTallySchema.index({ communityId: 1 });

export type ElderDeliveryTallyDoc = Omit<InferSchemaType<typeof elderDeliveryTallySchema>, 'cells'> & {
  cells: Record<string, Partial<Record<string, number>>>;
};
