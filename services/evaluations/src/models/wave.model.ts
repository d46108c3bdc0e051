import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const WAVE_STATUSES = ['PLANNED', 'DRAWING', 'OPEN', 'CLOSED'] as const;
export const SCOPE_LEVELS = ['STREET', 'COMMUNITY', 'GRIDS'] as const;
export const DRAW_STATUSES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED'] as const;
export const ITEM_STATUSES = ['SELECTED', 'RESERVE', 'REPLACED'] as const;
export const STRATUM_KINDS = ['GRID', 'WORKER'] as const;

const sizeSchema = new Schema({ size: { type: Number, default: null }, rate: { type: Number, default: null } }, { _id: false });

/** A survey round over a scope and period, with its sampling plan. */
export const waveSchema = new Schema(
  {
    clientRequestId: { type: String, required: true, unique: true },
    title: { type: String, required: true },
    period: { type: String, required: true, match: /^\d{4}-Q[1-4]$/ },
    surveyId: { type: Schema.Types.ObjectId, required: true },
    street: { type: String, default: null },
    scope: {
      type: new Schema(
        {
          level: { type: String, enum: SCOPE_LEVELS, required: true },
          communityIds: { type: [Schema.Types.ObjectId], required: true },
          gridIds: { type: [Schema.Types.ObjectId], default: [] },
        },
        { _id: false },
      ),
      required: true,
    },
    plan: {
      type: new Schema(
        {
          perGrid: { type: sizeSchema, default: null },
          perWorker: { type: sizeSchema, default: null },
          excludeRecentWaves: { type: Number, default: 2 },
          spare: { type: Number, default: 5 },
        },
        { _id: false },
      ),
      required: true,
    },
    serviceFrom: { type: String, required: true },
    serviceTo: { type: String, required: true },
    status: { type: String, enum: WAVE_STATUSES, default: 'PLANNED' },
    /** Sequence numbers of responses and reviews applied to the running totals (see aggregates.ts). */
    responseSeq: { type: Number, default: 0 },
    reviewSeq: { type: Number, default: 0 },
    /** The last numbered step, until every total has it (finished before the next is numbered). */
    pendingResponse: { type: new Schema({ id: Schema.Types.ObjectId, seq: Number }, { _id: false }), default: null },
    pendingReview: {
      type: new Schema({ id: Schema.Types.ObjectId, seq: Number, step: { type: String, enum: ['SUBMIT', 'INVALIDATE'] } }, { _id: false }),
      default: null,
    },
    /** The numbered step of a response correction, until every total has it. */
    pendingCorrection: { type: new Schema({ id: Schema.Types.ObjectId, seq: Number }, { _id: false }), default: null },
    /** A declared re-survey of a community and quarter (a second wave of the same survey). */
    resurvey: {
      type: new Schema({ reason: String, by: String, at: Date, earlierWaveIds: [Schema.Types.ObjectId] }, { _id: false }),
      default: null,
    },
    createdBy: { type: String, required: true },
  },
  { timestamps: true },
);
/** A quarter's waves (one per survey, community and quarter unless a re-survey). */
waveSchema.index({ period: 1 });

const stratumSchema = new Schema(
  {
    key: { type: String, required: true },
    kind: { type: String, enum: STRATUM_KINDS, required: true },
    refId: { type: Schema.Types.ObjectId, required: true },
    population: { type: Number, default: 0 },
    planned: { type: Number, default: 0 },
    drawn: { type: Number, default: 0 },
    reserve: { type: Number, default: 0 },
  },
  { _id: false },
);

/** The draw of a wave's sample (one per wave: a sample cannot be redrawn with another seed). */
export const drawSchema = new Schema(
  {
    waveId: { type: Schema.Types.ObjectId, required: true, unique: true },
    seed: { type: String, required: true },
    status: { type: String, enum: DRAW_STATUSES, default: 'QUEUED' },
    phase: { type: String, default: 'QUEUED' },
    seen: { type: Number, default: 0 },
    total: { type: Number, default: null },
    populationSize: { type: Number, default: null },
    excluded: { type: Number, default: null },
    strata: { type: [stratumSchema], default: [] },
    failure: { type: String, default: null },
    requestedBy: { type: String, required: true },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
  },
  { timestamps: true },
);

/** One drawn (or reserve) resident of a wave. */
export const drawItemSchema = new Schema({
  waveId: { type: Schema.Types.ObjectId, required: true, index: true },
  drawId: { type: Schema.Types.ObjectId, required: true },
  residentId: { type: Schema.Types.ObjectId, required: true },
  householdId: { type: Schema.Types.ObjectId, required: true },
  communityId: { type: Schema.Types.ObjectId, required: true },
  gridId: { type: Schema.Types.ObjectId, default: null },
  stratum: { type: String, required: true },
  kind: { type: String, enum: STRATUM_KINDS, required: true },
  staffId: { type: Schema.Types.ObjectId, default: null },
  rank: { type: String, required: true },
  status: { type: String, enum: ITEM_STATUSES, required: true },
  replacement: {
    type: new Schema({ reason: String, by: String, at: Date, replacedBy: Schema.Types.ObjectId }, { _id: false }),
    default: null,
  },
  replaces: { type: Schema.Types.ObjectId, default: null },
  answered: { type: Boolean, default: false },
  reviewed: { type: Boolean, default: false },
});
/** No resident twice in a wave, and at most one per household (reserve included). */
drawItemSchema.index({ waveId: 1, residentId: 1 }, { unique: true });
drawItemSchema.index({ waveId: 1, householdId: 1 }, { unique: true });

/** A draw's items in one state (the reserve left per stratum, the items list). */
drawItemSchema.index({ drawId: 1, status: 1 });
/** A stratum's walk list (or reserve) in rank order. */
drawItemSchema.index({ drawId: 1, stratum: 1, status: 1, rank: 1 });

export type WaveDoc = InferSchemaType<typeof waveSchema> & { _id: Types.ObjectId };
export type DrawDoc = InferSchemaType<typeof drawSchema> & { _id: Types.ObjectId };
export type DrawItemDoc = InferSchemaType<typeof drawItemSchema> & { _id: Types.ObjectId };
