import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const IMPORT_STATUSES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED'] as const;

/** A register import (台账导入) run as a background job, with the progress the caller polls. */
export const importJobSchema = new Schema(
  {
    /** The uploaded file (GridFS); one import per upload. */
    uploadId: { type: Schema.Types.ObjectId, required: true, unique: true },
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    format: { type: String, enum: ['CSV', 'XLSX'], required: true },
    requestedBy: { type: String, required: true },
    /** The role it was requested as (the change log records who imported). */
    requestedRole: { type: String, default: null },
    status: { type: String, enum: IMPORT_STATUSES, default: 'QUEUED' },
    rowsRead: { type: Number, default: 0 },
    householdsCreated: { type: Number, default: 0 },
    residentsCreated: { type: Number, default: 0 },
    residentsUpdated: { type: Number, default: 0 },
    residentsUnchanged: { type: Number, default: 0 },
    rejected: { type: Number, default: 0 },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
    failure: { type: String, default: null },
  },
  { timestamps: true },
);

/** A rejected row of an import: its number in the file and why. */
export const importErrorSchema = new Schema(
  {
    jobId: { type: Schema.Types.ObjectId, required: true, index: true },
    row: { type: Number, required: true },
    field: { type: String, default: null },
    reason: { type: String, required: true },
  },
  { versionKey: false },
);

export type ImportJobDoc = InferSchemaType<typeof importJobSchema> & { _id: Types.ObjectId };
export type ImportErrorDoc = InferSchemaType<typeof importErrorSchema> & { _id: Types.ObjectId };
