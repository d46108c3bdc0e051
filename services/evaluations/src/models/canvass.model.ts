import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const CANVASS_SCOPE_LEVELS = ['COMMUNITY', 'GRIDS', 'BUILDINGS'] as const;
export const CANVASS_MODES = ['DOOR_TO_DOOR', 'OPEN_LINK'] as const;
/** A canvass keeps to single choice, multiple choice and free text (no scales). */
export const CANVASS_QUESTION_TYPES = ['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'TEXT'] as const;

const canvassQuestionSchema = new Schema(
  {
    key: { type: String, required: true },
    text: { type: String, required: true },
    type: { type: String, enum: CANVASS_QUESTION_TYPES, required: true },
    options: { type: [String], default: [] },
    required: { type: Boolean, default: true },
  },
  { _id: false },
);

/**
 * An open questionnaire or canvass (遍访, 电梯加装意见征询, the bus-line survey): every household of a
 * scope may answer once, at the door or through the open link. Kept apart from sampled waves: no
 * draw, no rates.
 */
export const canvassSchema = new Schema(
  {
    clientRequestId: { type: String, required: true, unique: true },
    title: { type: String, required: true },
    questions: { type: [canvassQuestionSchema], default: [] },
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    scope: {
      type: new Schema(
        {
          level: { type: String, enum: CANVASS_SCOPE_LEVELS, required: true },
          gridIds: { type: [Schema.Types.ObjectId], default: [] },
          buildings: { type: [String], default: [] },
        },
        { _id: false },
      ),
      required: true,
    },
    mode: { type: String, enum: CANVASS_MODES, required: true },
    /** Asia/Shanghai civil dates, both inclusive. */
    opensOn: { type: String, required: true },
    closesOn: { type: String, required: true },
    closedAt: { type: Date, default: null },
    closedBy: { type: String, default: null },
    /** True once the households in scope are counted into the tallies (at once from grid counts; by a job for buildings). */
    scopeCounted: { type: Boolean, default: false },
    createdBy: { type: String, required: true },
  },
  { timestamps: true },
);

const canvassAnswerItemSchema = new Schema(
  { key: { type: String, required: true }, choices: { type: [String], default: [] }, text: { type: String, default: null } },
  { _id: false },
);

/**
 * One answer per household and canvass: `_id` is derived from both, so a second one cannot be
 * written. No resident's name, phone or id is kept, only the household and who entered it.
 */
export const canvassAnswerSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    canvassId: { type: Schema.Types.ObjectId, required: true },
    householdId: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    gridId: { type: Schema.Types.ObjectId, default: null },
    answers: { type: [canvassAnswerItemSchema], default: [] },
    /** Who entered it (token subject) and as which role: a worker at the door or the resident on the link. */
    enteredBy: { type: String, required: true },
    enteredAs: { type: String, required: true },
    /** Whether it is in its grid's tally yet (the close and the grid's next answer finish a crashed one); `seq`: its number there. */
    applied: { type: Boolean, default: false },
    seq: { type: Number, default: null },
  },
  { timestamps: true },
);
/** Answers not yet in the tallies of a canvass: an equality read FerretDB pushes down. */
canvassAnswerSchema.index({ canvassId: 1, applied: 1 });

/**
 * The read model of one canvass in one small grid (gridId null: households outside every grid),
 * kept with each answer: households in scope, households reached, and per question the households
 * that answered and each option's count (`counts["<key>__<option index>"]`). Progress and results
 * read a canvass's tallies by one equality, never its answers.
 */
export const canvassTallySchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    canvassId: { type: Schema.Types.ObjectId, required: true },
    gridId: { type: Schema.Types.ObjectId, default: null },
    households: { type: Number, default: null },
    reached: { type: Number, default: 0 },
    answered: { type: Schema.Types.Mixed, default: {} },
    counts: { type: Schema.Types.Mixed, default: {} },
    /** The last number issued to an answer of this grid, and the last answer added (a replay of it adds nothing). */
    issued: { type: Number, default: 0 },
    seq: { type: Number, default: 0 },
  },
  { minimize: false },
);
canvassTallySchema.index({ canvassId: 1 });

export type CanvassDoc = InferSchemaType<typeof canvassSchema> & { _id: Types.ObjectId };
export type CanvassAnswerDoc = InferSchemaType<typeof canvassAnswerSchema> & { _id: Types.ObjectId };

/** A household's answer to one question as stored (choices, or the text of a free-text question). */
export interface CanvassAnswerItem {
  key: string;
  choices: string[];
  text?: string | null;
}

/** A tally as read back (lean). */
export interface CanvassTallyRow {
  gridId?: Types.ObjectId | null;
  households?: number | null;
  reached: number;
  answered?: Record<string, number>;
  counts?: Record<string, number>;
}
