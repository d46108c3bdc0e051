import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const VOTE_SCORES = ['NOT_SATISFIED', 'SATISFIED', 'VERY_SATISFIED'] as const;

/** The annual report to resident representatives (述职) and its roll. */
export const meetingSchema = new Schema(
  {
    clientRequestId: { type: String, required: true, unique: true },
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    year: { type: Number, required: true },
    title: { type: String, required: true },
    staffIds: { type: [Schema.Types.ObjectId], required: true },
    representativeIds: { type: [Schema.Types.ObjectId], required: true },
    status: { type: String, enum: ['OPEN', 'CLOSED'], default: 'OPEN' },
    createdBy: { type: String, required: true },
  },
  { timestamps: true },
);

/**
 * That a representative has voted (its `_id` derives from meeting and representative: a second
 * ballot cannot be claimed). It records no time and nothing about the ballot.
 */
export const ballotClaimSchema = new Schema(
  { _id: { type: Schema.Types.ObjectId }, meetingId: { type: Schema.Types.ObjectId, required: true } },
  { versionKey: false },
);

/**
 * The ballot box of a meeting: counters only (per worker and overall, by score), added to under a
 * lock. No ballot is stored as a document, so nothing (not even insertion order next to the
 * claims) can pair a ballot with its voter.
 */
export const ballotBoxSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId },
    cast: { type: Number, default: 0 },
    /** `overall.<score>` and `staff.<staffId>.<score>` counters. */
    overall: { type: Schema.Types.Mixed, default: {} },
    staff: { type: Schema.Types.Mixed, default: {} },
    /** Set only once paper is entered (no defaults: an online-only box keeps its four fields). Of `cast`, from paper. */
    paper: { type: Number },
    /** Representatives present at the sitting, as last declared with a paper batch. */
    present: { type: Number },
    /** The last paper batch's step: a batch's counters are added only by the update that moves it past theirs. */
    paperSeq: { type: Number },
  },
  { versionKey: false, minimize: false },
);

/**
 * A stack of paper ballots typed in at a sitting (`_id` derives from meeting and batch key: a retry
 * finds it). It holds the batch's counters and who entered it, never a voter: paper ballots carry
 * no name. `seq` is the box's paper step that added it; `applied` once the box has it.
 */
export const paperBallotBatchSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId },
    meetingId: { type: Schema.Types.ObjectId, required: true },
    batchKey: { type: String, required: true },
    ballots: { type: Number, required: true },
    present: { type: Number, required: true },
    /** SHA-256 of the ballots as entered: a retry with other ballots under the same key is refused. */
    digest: { type: String, required: true },
    /** The `$inc` of the box as pairs (`overall.<score>`, `staff.<staffId>.<score>`: dotted names cannot be keys). */
    inc: { type: [new Schema({ key: String, n: Number }, { _id: false })], required: true },
    seq: { type: Number, required: true },
    applied: { type: Boolean, default: false },
    enteredBy: { type: String, required: true },
    /** The staff record of whoever entered it (a street admin may have none). */
    enteredByStaffId: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true, versionKey: false, minimize: false },
);
/** A meeting's batches (the meeting page, and the next batch's sequence). */
paperBallotBatchSchema.index({ meetingId: 1 });

export type MeetingDoc = InferSchemaType<typeof meetingSchema> & { _id: Types.ObjectId };
export type PaperBallotBatchDoc = Omit<InferSchemaType<typeof paperBallotBatchSchema>, '_id'> & { _id: Types.ObjectId };
