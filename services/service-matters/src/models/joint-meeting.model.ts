import { Schema } from 'mongoose';
import type { Plain } from './plain.js';

/** An agenda item of a joint meeting: what was raised, what was decided, which unit owns the follow-up. */
const agendaItemSchema = new Schema({
  _id: { type: Schema.Types.ObjectId, auto: true, required: true },
  title: { type: String, required: true },
  suggestionId: { type: Schema.Types.ObjectId, default: null },
  decision: { type: String, default: null },
  /** The first unit that owns the follow-up (items decided before units were registered: the free-text id given then). */
  ownerOrgId: { type: String, default: null },
  /** The registered units (volunteers' organisations) that own the follow-up; empty on items from before them. */
  ownerUnitIds: { type: [String], default: [] },
  /** Each owner's part, completed on its own; empty on items decided before parts (their owners' parts follow the item's status). */
  parts: {
    type: [
      {
        unitId: { type: String, required: true },
        task: { type: String, default: null },
        status: { type: String, enum: ['OPEN', 'DONE'], default: 'OPEN' },
        doneAt: { type: Date, default: null },
        doneBy: { type: String, default: null },
        doneByStaffId: { type: String, default: null },
        _id: false,
      },
    ],
    default: [],
  },
  followUpDate: { type: String, default: null },
  /** DONE once every part is. */
  status: { type: String, enum: ['OPEN', 'DONE'], default: 'OPEN' },
  doneAt: { type: Date, default: null },
});

/** The bi-monthly party-organisation joint meeting (党组织联席会, 社区吹哨、部门报到). */
export const jointMeetingSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    date: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    units: { type: [{ orgId: String, name: String, kind: String, _id: false }], default: [] },
    /** The units' organisation ids, flat: partners find their meetings by equality. */
    unitOrgIds: { type: [String], default: [], index: true },
    items: { type: [agendaItemSchema], default: [] },
    /** The meeting it was scheduled from, and the one scheduled from it (the bi-monthly series, scheduleNextJointMeeting). */
    previousMeetingId: { type: Schema.Types.ObjectId, default: null },
    nextMeetingId: { type: Schema.Types.ObjectId, default: null },
    /** Bumped on every change of `items`: the guard of read-modify-write (FerretDB has no positional `$`). */
    revision: { type: Number, default: 0 },
  },
  { timestamps: true },
);
jointMeetingSchema.index({ communityId: 1, date: 1 }, { unique: true });

export type JointMeetingDoc = Plain<typeof jointMeetingSchema>;
/** An agenda item as a meeting holds it. */
export type AgendaItemDoc = JointMeetingDoc['items'][number];
/** An agenda item with the meeting it is on (its units name the owners of its parts). */
export type AgendaItemView = AgendaItemDoc & { meeting?: Pick<JointMeetingDoc, 'communityId' | 'units'> };
