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
export const ballotClaimSchema = new Schema({ _id: { type: Schema.Types.ObjectId }, meetingId: { type: Schema.Types.ObjectId, required: true } }, { versionKey: false });

/**
 * An anonymous ballot: a random UUID id (an ObjectId would carry its creation time), no voter,
 * no timestamps.
 */
export const ballotSchema = new Schema(
  {
    _id: { type: String },
    meetingId: { type: Schema.Types.ObjectId, required: true, index: true },
    scores: { type: [new Schema({ staffId: Schema.Types.ObjectId, score: { type: String, enum: VOTE_SCORES } }, { _id: false })], required: true },
    overall: { type: String, enum: VOTE_SCORES, required: true },
  },
  { versionKey: false },
);

export type MeetingDoc = InferSchemaType<typeof meetingSchema> & { _id: Types.ObjectId };
export type BallotDoc = InferSchemaType<typeof ballotSchema>;
