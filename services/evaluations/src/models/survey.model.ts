import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const QUESTION_TYPES = ['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'TEXT', 'SCALE'] as const;
export const NEW_THREE_RATES = 'new-three-rates';

const questionSchema = new Schema(
  {
    key: { type: String, required: true },
    text: { type: String, required: true },
    type: { type: String, enum: QUESTION_TYPES, required: true },
    options: { type: [String], default: [] },
    min: { type: Number, default: null },
    max: { type: Number, default: null },
    required: { type: Boolean, default: true },
  },
  { _id: false },
);

/** A questionnaire template: the built-in new-three-rates one, or a custom one. */
export const surveySchema = new Schema(
  {
    code: { type: String, required: true, unique: true },
    title: { type: String, required: true },
    builtIn: { type: Boolean, default: false },
    questions: { type: [questionSchema], default: [] },
    createdBy: { type: String, required: true },
  },
  { timestamps: true },
);

export type SurveyDoc = InferSchemaType<typeof surveySchema> & { _id: Types.ObjectId };
