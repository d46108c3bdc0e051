import { Schema, type InferSchemaType, type Types } from 'mongoose';

export const HALF_DAY_PARTS = ['AM', 'PM'] as const;
export const DESK_MODES = ['ON_DESK', 'OFF_DESK'] as const;

/** How a worker spent one half-day: on-desk (在案) or off-desk (离案) and where. One per worker, date and part. */
export const halfDaySchema = new Schema(
  {
    staffId: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    date: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    part: { type: String, enum: HALF_DAY_PARTS, required: true },
    mode: { type: String, enum: DESK_MODES, required: true },
    place: { type: String, default: '' },
  },
  { timestamps: true },
);
halfDaySchema.index({ staffId: 1, date: 1, part: 1 }, { unique: true });
// A community's half-days of one day (weekly shares read the five days one by one).
halfDaySchema.index({ communityId: 1, date: 1 });

export type HalfDayDoc = InferSchemaType<typeof halfDaySchema> & { _id: Types.ObjectId };

/**
 * Read model of the half-days: one document per worker and month, `parts` mapping `YYYY-MM-DD_AM`
 * to the mode. Kept with every half-day write (`$set` of one key: idempotent) and rebuilt by the
 * recount job, so a year's off-desk shares are twelve pushed-down `{ communityId, month }` reads
 * of a few dozen documents, not a scan and `$group` over every half-day (FerretDB runs both in Go).
 */
export const halfDayMonthSchema = new Schema(
  {
    /** `<communityId>:<staffId>:<YYYY-MM>` (a worker moved to another community starts a new document). */
    _id: { type: String, required: true },
    staffId: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    month: { type: String, required: true, match: /^\d{4}-\d{2}$/ },
    parts: { type: Schema.Types.Mixed, default: {} },
  },
  { minimize: false },
);
halfDayMonthSchema.index({ communityId: 1, month: 1 });

export type HalfDayMonthDoc = InferSchemaType<typeof halfDayMonthSchema> & { parts: Record<string, string> };

/** The month document's id and the key of one half-day in it. */
export const halfDayMonthKey = (h: { communityId: unknown; staffId: unknown; date: string; part: string }) => ({
  _id: `${String(h.communityId)}:${String(h.staffId)}:${h.date.slice(0, 7)}`,
  key: `${h.date}_${h.part}`,
});

/** The month documents of some half-days (pure: the seed and the recount build them with it). */
export function halfDayMonths(rows: { staffId: Types.ObjectId; communityId: Types.ObjectId; date: string; part: string; mode: string }[]) {
  const months = new Map<
    string,
    { _id: string; staffId: Types.ObjectId; communityId: Types.ObjectId; month: string; parts: Record<string, string> }
  >();
  for (const r of rows) {
    const { _id, key } = halfDayMonthKey(r);
    const m = months.get(_id) ?? { _id, staffId: r.staffId, communityId: r.communityId, month: r.date.slice(0, 7), parts: {} };
    m.parts[key] = r.mode;
    months.set(_id, m);
  }
  return [...months.values()];
}
