import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const SATISFACTION = ['BASIC', 'SATISFIED', 'VERY_SATISFIED'] as const;
export const PLACES = ['HOME', 'PUBLIC_SPACE', 'SERVICE_STATION', 'COMMITTEE_OFFICE', 'MORNING_EXERCISE_SITE'] as const;
export const RATE_LEVELS = ['WAVE', 'COMMUNITY', 'GRID', 'WORKER'] as const;

const answerSchema = new Schema(
  {
    key: { type: String, required: true },
    choices: { type: [String], default: [] },
    text: { type: String, default: null },
    value: { type: Number, default: null },
  },
  { _id: false },
);

export const CHANNELS = ['ONLINE', 'INTERVIEW', 'PAPER'] as const;

/** A correction: the facts before and after (what the totals move by) and the fields that changed. */
const correctionSchema = new Schema(
  {
    seq: { type: Number, required: true },
    changes: { type: [new Schema({ field: String, before: String, after: String }, { _id: false })], default: [] },
    before: { type: Schema.Types.Mixed, required: true },
    after: { type: Schema.Types.Mixed, required: true },
    by: { type: String, required: true },
    byStaffId: { type: Schema.Types.ObjectId, default: null },
    at: { type: Date, required: true },
    reason: { type: String, default: null },
  },
  { _id: false, minimize: false },
);

/**
 * One response per draw item: `_id` is derived from the item, so a second one cannot exist. What the
 * resident wrote as members' names and phones is scored and dropped (only `membersKnown` is kept).
 */
export const surveyResponseSchema = new Schema(
  {
    drawItemId: { type: Schema.Types.ObjectId, required: true },
    waveId: { type: Schema.Types.ObjectId, required: true, index: true },
    residentId: { type: Schema.Types.ObjectId, required: true, index: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    gridId: { type: Schema.Types.ObjectId, default: null },
    staffId: { type: Schema.Types.ObjectId, default: null },
    period: { type: String, required: true, match: /^\d{4}-Q[1-4]$/ },
    sawMember: { type: Boolean, default: null },
    sawWhere: { type: [String], enum: PLACES, default: [] },
    talkedWithMember: { type: Boolean, default: null },
    talkedAbout: { type: String, default: null },
    talkedWhere: { type: [String], enum: PLACES, default: [] },
    membersKnown: { type: Number, default: null, min: 0, max: 2 },
    satisfaction: { type: String, enum: [...SATISFACTION, null], default: null },
    answers: { type: [answerSchema], default: [] },
    submittedBy: { type: String, required: true },
    /** ONLINE (the resident), INTERVIEW (at the door) or PAPER (typed in from a questionnaire). */
    channel: { type: String, enum: [...CHANNELS, null], default: null },
    /** The staff record of whoever typed it in (null for the resident, or a street admin without one). */
    enteredByStaffId: { type: Schema.Types.ObjectId, default: null },
    /** Changes made within the correction window, oldest first (see correction.service.ts). */
    corrections: { type: [correctionSchema], default: [] },
    /** The wave step of a correction not yet in every running total (repair finishes it). */
    correctionPending: { type: Number, default: null },
    /** Order in which it was added to the running totals (assigned under the wave's lock). */
    seq: { type: Number, default: null },
    aggregated: { type: Boolean, default: false },
  },
  { timestamps: true },
);

/**
 * Running totals of a wave at one scope (the whole wave, a community, a grid, a worker's stratum):
 * rates are read from one document by `_id`, never by scanning responses. `seq` is the last
 * response applied: an update is guarded by it, so re-applying after a crash adds nothing twice.
 */
export const rateAggregateSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId },
    waveId: { type: Schema.Types.ObjectId, required: true },
    level: { type: String, enum: RATE_LEVELS, required: true },
    scopeId: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, default: null },
    period: { type: String, required: true },
    seq: { type: Number, default: 0 },
    n: { type: Number, default: 0 },
    saw: { type: Number, default: 0 },
    talked: { type: Number, default: 0 },
    known: { type: Number, default: 0 },
    /** Counters keyed by satisfaction value, place, or `<question key>__<option index>`. */
    satisfaction: { type: Schema.Types.Mixed, default: {} },
    sawAt: { type: Schema.Types.Mixed, default: {} },
    talkedAt: { type: Schema.Types.Mixed, default: {} },
    tallies: { type: Schema.Types.Mixed, default: {} },
  },
  { minimize: false },
);

/** Responses not yet in the running totals (the repair job's equality read). */
surveyResponseSchema.index({ aggregated: 1 });
/** Corrections a crash left half-applied (the repair job's equality read). */
surveyResponseSchema.index({ correctionPending: 1 });

/** A scope's totals in one wave and level (rates by grid of a wave), and a scope's totals across waves (trends). */
rateAggregateSchema.index({ waveId: 1, level: 1, scopeId: 1 });
rateAggregateSchema.index({ scopeId: 1, level: 1 });

export type SurveyResponseDoc = InferSchemaType<typeof surveyResponseSchema> & { _id: Types.ObjectId };
