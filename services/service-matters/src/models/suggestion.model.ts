import { Schema } from 'mongoose';
import type { Plain } from './plain.js';

export const SUGGESTION_SOURCES = ['VISIT', 'WECHAT', 'RECEPTION', 'HOTLINE', 'LIAISON_DAY'] as const;
export const SUGGESTION_STATUSES = ['OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS', 'ANSWERED', 'CLOSED', 'ESCALATED'] as const;
export const SATISFACTION = ['SATISFIED', 'BASIC', 'DISSATISFIED'] as const;

/** A resident's suggestion or petition (居民意见建议 / 诉求), its replies and its final answer. */
export const suggestionSchema = new Schema(
  {
    clientRequestId: { type: String, required: true, unique: true },
    /** Who made the creating call (token subject): a retry by anyone else is refused, not answered. */
    createdBy: { type: String, required: true, default: 'demo' },
    /** Null for an unsigned suggestion (a WeChat group message, the hotline). */
    residentId: { type: Schema.Types.ObjectId, default: null },
    communityId: { type: Schema.Types.ObjectId, required: true },
    gridId: { type: Schema.Types.ObjectId, default: null },
    source: { type: String, enum: SUGGESTION_SOURCES, required: true },
    category: { type: String, required: true },
    text: { type: String, required: true },
    status: { type: String, enum: SUGGESTION_STATUSES, default: 'OPEN' },
    receivedAt: { type: Date, required: true },
    /** The final reply is owed by this date (working days). */
    replyDueDate: { type: String, required: true },
    replies: {
      type: [
        {
          at: { type: Date, required: true },
          by: { type: String, required: true },
          text: { type: String, required: true },
          final: { type: Boolean, required: true },
          _id: false,
        },
      ],
      default: [],
    },
    transitions: { type: [{ from: String, to: String, at: Date, by: String, _id: false }], default: [] },
    /** The resident's satisfaction with the final answer. */
    satisfaction: { type: String, enum: [...SATISFACTION, null], default: null },
    jointMeetingId: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true },
);

/** A resident's suggestions, newest first (Resident.suggestions: one equality read per resident). */
suggestionSchema.index({ residentId: 1, receivedAt: -1 });
/** A grid's or a community's suggestions in one state (lists; replies owed read the open states). */
suggestionSchema.index({ gridId: 1, status: 1 });
suggestionSchema.index({ communityId: 1, status: 1 });

export type SuggestionDoc = Plain<typeof suggestionSchema>;
