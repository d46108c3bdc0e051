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
  },
  { versionKey: false, minimize: false },
);

export type MeetingDoc = InferSchemaType<typeof meetingSchema> & { _id: Types.ObjectId };
