import { Schema, type InferSchemaType, type Types } from 'mongoose';

/** An activity with limited seats, a sign-up window and an earlier priority window for volunteers with points (以服务换服务). */
export const activitySchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    title: { type: String, required: true },
    organiser: { type: String, required: true },
    /** The organising organisation, when there is one (its activities and attendance). */
    organizationId: { type: Schema.Types.ObjectId, default: null, index: true },
    /** A volunteer call (志愿者招募): only registered volunteers may answer. */
    volunteersOnly: { type: Boolean, default: false },
    place: { type: String, default: '' },
    /** The room it takes place in, when in one of the community's rooms. */
    roomId: { type: Schema.Types.ObjectId, default: null },
    startsAt: { type: Date, required: true },
    /** When it ends (null for rows from before it was kept: two hours after the start). */
    endsAt: { type: Date, default: null },
    capacity: { type: Number, required: true, min: 1, max: 1000 },
    signupOpensAt: { type: Date, required: true },
    /** Volunteers with at least `priorityMinPoints` may sign up from here, paying `priorityCost` points. */
    priorityOpensAt: { type: Date, default: null },
    priorityMinPoints: { type: Number, default: 0 },
    priorityCost: { type: Number, default: 0 },
    status: { type: String, enum: ['SCHEDULED', 'CANCELLED'], default: 'SCHEDULED' },
    cancelReason: { type: String, default: null },
    /**
     * Read model of its sign-ups (services/activity-counts.ts): confirmed, waitlisted and attended
     * as counted when the activity's change number (in Redis, bumped by every sign-up change) was
     * `countsStamp`. Read when the stamp is current; otherwise counted again and stored.
     */
    confirmedCount: { type: Number, default: 0 },
    waitlistedCount: { type: Number, default: 0 },
    attendedCount: { type: Number, default: 0 },
    countsStamp: { type: Number, default: null },
  },
  { timestamps: true },
);
/** A community's activities, soonest first. */
activitySchema.index({ communityId: 1, startsAt: 1 });

export const SIGNUP_STATUSES = ['PENDING', 'CONFIRMED', 'WAITLISTED', 'CANCELLED'] as const;

/** A resident's sign-up: its arrival number (order of arrival) decides seats and the waitlist. */
export const signUpSchema = new Schema(
  {
    clientRequestId: { type: String, required: true, unique: true },
    /** Who made the creating call (token subject): a retry by anyone else is refused, not answered. */
    createdBy: { type: String, required: true, default: 'demo' },
    activityId: { type: Schema.Types.ObjectId, required: true },
    residentId: { type: Schema.Types.ObjectId, required: true },
    /** The activity's community (row scoping of staff views). */
    communityId: { type: Schema.Types.ObjectId, default: null },
    /** The resident's household (from the token) and small grid (from people-grids), when known: row scoping of residents and grid workers. */
    householdId: { type: Schema.Types.ObjectId, default: null },
    gridId: { type: Schema.Types.ObjectId, default: null },
    /** `<activity>:<resident>` while active: one sign-up per resident and activity. */
    activeKey: { type: String, required: true, unique: true },
    arrival: { type: Number, default: null },
    status: { type: String, enum: SIGNUP_STATUSES, default: 'PENDING' },
    seatNo: { type: Number, default: null },
    priority: { type: Boolean, default: false },
    attended: { type: Boolean, default: false },
    /** When it was checked in (the activity's day), and whether the activity was a volunteer call: the points leaderboard counts those. */
    attendedAt: { type: Date, default: null },
    volunteerCall: { type: Boolean, default: false },
    /** The staff member (token subject) who signed the resident up at the door; null when the resident did. */
    signedUpBy: { type: String, default: null },
    /** Who cancelled it and when (a refund is owed only for a cancellation before the activity starts). */
    cancelledBy: { type: String, default: null },
    cancelledAt: { type: Date, default: null },
    /** Points given back for a priority sign-up cancelled before the activity. */
    pointsRefunded: { type: Number, default: 0 },
  },
  { timestamps: true },
);

/** An activity's sign-ups (its counts, the waitlist, the organiser's list), by state. */
signUpSchema.index({ activityId: 1, status: 1 });
/** A resident's sign-ups, newest first (and the volunteer calls it was checked in at: the points leaderboard). */
signUpSchema.index({ residentId: 1, createdAt: -1 });

/** A taken seat: the unique key is what makes a seat go to one sign-up only, on every engine. */
export const seatSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    signUpId: { type: Schema.Types.ObjectId, required: true },
  },
  { versionKey: false },
);

/** The points ledger (append-only); each entry carries an idempotency key. */
export const pointsEntrySchema = new Schema(
  {
    idempotencyKey: { type: String, required: true, unique: true },
    volunteerId: { type: Schema.Types.ObjectId, required: true, index: true },
    delta: { type: Number, required: true },
    reason: { type: String, required: true },
    balanceAfter: { type: Number, required: true, min: 0 },
    /** Service hours an earning confirms (0 for spending and refunds; null on entries from before it was kept: delta / POINTS_PER_HOUR). */
    hours: { type: Number, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export type ActivityDoc = InferSchemaType<typeof activitySchema> & { _id: Types.ObjectId };
export type SignUpDoc = InferSchemaType<typeof signUpSchema> & { _id: Types.ObjectId };
export type PointsEntryDoc = InferSchemaType<typeof pointsEntrySchema> & { _id: Types.ObjectId };
