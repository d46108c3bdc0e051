import { localMonth } from '@jwh/platform';
import { Schema } from 'mongoose';
import type { Plain } from './plain.js';

export const CHANNELS = ['DOORSTEP', 'RECEPTION', 'WECHAT', 'PHONE'] as const;
export const REQUEST_STATUSES = [
  'RECEIVED',
  'MATERIALS_COLLECTED',
  'FORWARDED',
  'RESULT_RECEIVED',
  'DELIVERED',
  'REFERRED',
  'REJECTED',
  'WITHDRAWN',
] as const;
export const OPEN_STATUSES = ['RECEIVED', 'MATERIALS_COLLECTED', 'FORWARDED', 'RESULT_RECEIVED'] as const;

const transitionSchema = new Schema(
  {
    from: { type: String, required: true },
    to: { type: String, required: true },
    at: { type: Date, required: true },
    /** Who made the change (token subject). */
    by: { type: String, required: true },
    /** The staff member who made it (null for residents, services, the eligibility check, and steps from before it was kept). */
    byStaffId: { type: String, default: null },
    /** The role the change was made in (null on steps from before it was kept). */
    byRole: { type: String, default: null },
    note: { type: String, default: '' },
  },
  { _id: false },
);

/** A resident's request for a matter of the catalogue, with its timeline. */
export const serviceRequestSchema = new Schema(
  {
    /** Client-chosen id of the creating call: a retried creation returns the first request. */
    clientRequestId: { type: String, required: true, unique: true },
    /** Who made the creating call (token subject): a retry by anyone else is refused, not answered. */
    createdBy: { type: String, required: true, default: 'demo' },
    /** A resident of people-grids (a reference by id: services meet in the graph). */
    residentId: { type: Schema.Types.ObjectId, required: true },
    /** The resident's community and small grid when the request was taken (row scoping). */
    communityId: { type: Schema.Types.ObjectId, required: true },
    gridId: { type: Schema.Types.ObjectId, default: null },
    typeCode: { type: String, required: true },
    /** The street's matter (`matterIdOf`) and the version of it the request was created under: its due date, materials and eligibility came from that version. */
    matterId: { type: Schema.Types.ObjectId, required: true },
    matterVersionId: { type: Schema.Types.ObjectId, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    status: { type: String, enum: REQUEST_STATUSES, default: 'RECEIVED' },
    /** The staff member who took it (网格员 on the doorstep, or the desk). */
    takenBy: { type: Schema.Types.ObjectId, default: null },
    receivedAt: { type: Date, required: true },
    /** The month it was received (YYYY-MM, Asia/Shanghai): the bucket period figures read by equality. */
    receivedMonth: { type: String, required: true, match: /^\d{4}-\d{2}$/ },
    /** Working-day deadline (YYYY-MM-DD, Chinese statutory calendar). */
    dueDate: { type: String, required: true },
    /** The checklist, each ticked with who and when (materials ticked all at once before: `collected` only). */
    materials: {
      type: [
        {
          name: String,
          collected: Boolean,
          collectedAt: { type: Date, default: null },
          collectedBy: { type: String, default: null },
          collectedByStaffId: { type: String, default: null },
          _id: false,
        },
      ],
      default: [],
    },
    /** The appointment (定制服务) it was started from: one request per appointment (`clientRequestId` is `appointment:<id>`). */
    appointmentId: { type: Schema.Types.ObjectId, default: null },
    transitions: { type: [transitionSchema], default: [] },
    deliveredAt: { type: Date, default: null },
    /** Resolved at the first contact (首问办结), stated at delivery. */
    firstContactResolved: { type: Boolean, default: null },
    referral: { type: { reason: String, where: String, _id: false }, default: null },
    rejectionReason: { type: String, default: null },
  },
  { timestamps: true },
);

// Filled from receivedAt when a writer did not (demo data, imports); receivedAt never changes.
serviceRequestSchema.pre('validate', function fillMonth() {
  if (!this.receivedMonth && this.receivedAt) this.receivedMonth = localMonth(this.receivedAt);
});

/*
 * Every everyday read is an equality on one of these (FerretDB on PostgreSQL pushes equalities
 * down; MongoDB serves them from the index, sorting by `_id` or `receivedAt` on it):
 * - a resident's requests (Resident.serviceRequests);
 * - a worker's, a grid's or a community's requests in one state (backlogs, overdue and due-soon
 *   lists read the four open states), and by worker, grid or community alone;
 * - a community's requests received in one month (period figures).
 */
serviceRequestSchema.index({ residentId: 1, receivedAt: -1 });
serviceRequestSchema.index({ takenBy: 1, status: 1 });
serviceRequestSchema.index({ gridId: 1, status: 1 });
serviceRequestSchema.index({ communityId: 1, status: 1 });
serviceRequestSchema.index({ communityId: 1, receivedMonth: 1 });
serviceRequestSchema.index({ appointmentId: 1 }, { sparse: true });

/**
 * Read model of a community's requests received in one month (services/request-months.ts): `c`
 * holds its counters (received, referred, delivered, on time, first-contact, working days to
 * delivery `days.d<n>`, by matter `types.<code>.*` and by worker `workers.<staffId>.*`). `_id`
 * derives from community and month: a month is read by id.
 */
export const requestMonthSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId },
    communityId: { type: Schema.Types.ObjectId, required: true },
    month: { type: String, required: true },
    c: { type: Schema.Types.Mixed, default: {} },
    countedAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false },
);
/** A community's months. */
requestMonthSchema.index({ communityId: 1, month: 1 }, { unique: true });

export type ServiceRequestDoc = Plain<typeof serviceRequestSchema>;
/** One item of a request's checklist as stored. */
export type MaterialDoc = ServiceRequestDoc['materials'][number];
/** One step of a request's timeline as stored. */
export type TransitionDoc = ServiceRequestDoc['transitions'][number];
