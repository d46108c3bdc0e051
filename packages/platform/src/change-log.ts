import { Schema, type Connection as MongooseConnection, type InferSchemaType, type Model, type Types } from 'mongoose';
import type { Viewer } from './auth.js';
import { BadUserInputError, ForbiddenError } from './errors.js';
import { isObjectId } from './ids.js';
import { maskName, maskNationalId, maskPhone } from './masking.js';
import { pageSize, type Connection, type PageArgs } from './pagination.js';
import { addDays, atLocal, isLocalDate, localDate, localMonth } from './clock.js';

/**
 * The change log (台账变更记录): one record per administrative write, kept by the subgraph that owns
 * the entity, in its own database, in the same write path. Who, when, which entity, which fields,
 * the values before and after (personal data masked). People-grids serves `changes`, reading its
 * own records and the other subgraphs' through their service-only fields, newest first.
 */
export const changeRecordSchema = new Schema(
  {
    at: { type: Date, required: true },
    /** The token subject that made the change, its role, and the request it came in. */
    actor: { type: String, required: true },
    role: { type: String, required: true },
    /** The staff member behind the token (its `staff_id` claim), so the log shows a name, not a subject. */
    actorStaffId: { type: String, default: null },
    requestId: { type: String, default: null },
    /** GraphQL type name of the entity (`Community`, `Grid`, `Resident`, `ServiceType` …) and its id. */
    entityType: { type: String, required: true },
    entityId: { type: String, required: true },
    /** The community the entity belongs to (null for street-wide entities such as the matter catalogue). */
    communityId: { type: String, default: null },
    /** The street of a street-wide entity (or of the community). */
    street: { type: String, default: null },
    /** The grids the entity lies in: a grid worker reads changes of its grids' entities. */
    gridIds: { type: [String], default: [] },
    /** The local month of `at` (`2026-11`): a community's log is read a month at a time, by equality. */
    month: { type: String, required: true },
    /** CREATE, UPDATE, RETIRE, MOVE, SPLIT, MERGE, DEATH, MOVE_OUT, LEAVE, IMPORT … */
    action: { type: String, required: true },
    reason: { type: String, default: null },
    fields: {
      type: [{ _id: false, field: String, before: { type: String, default: null }, after: { type: String, default: null } }],
      default: [],
    },
  },
  { versionKey: false },
);
// Everyday reads: one entity's history, one community's changes (newest first).
changeRecordSchema.index({ entityId: 1, at: -1, _id: -1 });
changeRecordSchema.index({ communityId: 1, month: 1 });

export type ChangeRecordDoc = InferSchemaType<typeof changeRecordSchema> & { _id: Types.ObjectId };
export type ChangeRecordModel = Model<ChangeRecordDoc>;

/**
 * The change log's model, in the street's change-log database (`<prefix>change_log`) on the same
 * client as `conn`: every subgraph appends to it in its write path, people-grids reads it. It is a
 * log beside the services' own databases (as the queues are), not a domain collection.
 */
export function openChangeLog(conn: MongooseConnection, dbPrefix: string): ChangeRecordModel {
  const db = conn.useDb(`${dbPrefix}change_log`, { useCache: true });
  return (db.models.ChangeRecord as ChangeRecordModel | undefined) ?? db.model<ChangeRecordDoc>('ChangeRecord', changeRecordSchema);
}

/** How a personal-data field is masked in the change log. */
export type ChangeMask = 'phone' | 'nationalId' | 'name' | 'hidden';

export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

/** A value as the change log shows it: text, ids as hex, instants in ISO, lists and objects as JSON. */
export function changeValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && '_bsontype' in (value as object)) return String(value);
  if (value instanceof Map) return JSON.stringify(Object.fromEntries(value));
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && '_bsontype' in v ? String(v) : v));
}

function masked(value: string | null, mask: ChangeMask | undefined): string | null {
  if (value === null || !mask) return value;
  if (mask === 'phone') return maskPhone(value);
  if (mask === 'nationalId') return maskNationalId(value);
  if (mask === 'name') return maskName(value);
  return '***';
}

/**
 * The fields that differ between `before` and `after` (either may be null: created, retired), each
 * rendered by {@link changeValue} and masked as `masks` says. Only the keys of `after` (or `before`
 * when `after` is null) are compared, in their order.
 */
export function diffFields(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
  masks: Record<string, ChangeMask> = {},
): FieldChange[] {
  const keys = Object.keys(after ?? before ?? {});
  const out: FieldChange[] = [];
  for (const field of keys) {
    const b = changeValue(before?.[field]);
    const a = changeValue(after?.[field]);
    if (b === a) continue;
    out.push({ field, before: masked(b, masks[field]), after: masked(a, masks[field]) });
  }
  return out;
}

export interface ChangeSpec {
  entityType: string;
  entityId: unknown;
  communityId?: unknown;
  street?: string | null;
  gridIds?: readonly unknown[];
  action: string;
  reason?: string | null;
  /** The entity's fields before and after (only those the change log shows); null when created or removed. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  masks?: Record<string, ChangeMask>;
  /** Extra lines beside the diff (e.g. `{ field: 'households', before: null, after: '12' }` of a split). */
  extra?: FieldChange[];
}

/** Who made a change: the viewer and the request id of the call. */
export interface ChangeActor {
  viewer: Viewer;
  requestId?: string | null;
}

/** The record of one change, ready to insert (see {@link recordChanges}). */
export function changeRecord(actor: ChangeActor, spec: ChangeSpec, at = new Date()) {
  return {
    at,
    month: localMonth(at),
    actor: actor.viewer.sub,
    role: actor.viewer.role,
    actorStaffId: actor.viewer.staffId ?? null,
    requestId: actor.requestId ?? null,
    entityType: spec.entityType,
    entityId: String(spec.entityId),
    communityId: spec.communityId ? String(spec.communityId) : null,
    street: spec.street ?? null,
    gridIds: (spec.gridIds ?? []).filter(Boolean).map(String),
    action: spec.action,
    reason: spec.reason ?? null,
    fields: [...diffFields(spec.before, spec.after, spec.masks), ...(spec.extra ?? [])],
  };
}

/**
 * Writes the records of one or more changes (one insert) to `ctx.changeLog`, as `ctx.viewer` in
 * `ctx.requestId`. Call it in the write path, after the write (a job passes a context of its own).
 */
export async function recordChanges(ctx: ChangeActor & { changeLog: ChangeRecordModel }, ...specs: ChangeSpec[]): Promise<void> {
  if (!specs.length) return;
  const at = new Date();
  await ctx.changeLog.insertMany(specs.map((s) => changeRecord(ctx, s, at)));
}

/** What `changes` asks for: one entity's history, or one community's changes between two local dates. */
export interface ChangeQuery extends PageArgs {
  entityId?: string | null;
  communityId?: string | null;
  from?: string | null;
  to?: string | null;
}

/** The longest date range of one community's log a query reads (the default: the year up to `to`). */
const MAX_RANGE_DAYS = 366;

/**
 * Validates a change query: exactly one of `entityId` and `communityId`; `from`/`to` local dates,
 * `from` ≤ `to`, at most 366 days apart. A community must be in the viewer's scope.
 */
export function checkChangeQuery(viewer: Viewer, q: ChangeQuery): void {
  if (!q.entityId === !q.communityId)
    throw new BadUserInputError('entityId', '须给出 entityId 或 communityId 之一 (give exactly one of entityId and communityId)');
  if (q.entityId && q.entityId.length > 64) throw new BadUserInputError('entityId', '无效的编号 (invalid id)');
  if (q.communityId) {
    if (!isObjectId(q.communityId)) throw new BadUserInputError('communityId', '无效的编号 (invalid id)');
    if (!viewer.service && !viewer.communityIds.includes(q.communityId))
      throw new ForbiddenError('无权查看该社区的变更记录 (not your community)');
  }
  for (const f of ['from', 'to'] as const) {
    const v = q[f];
    if (v != null && !isLocalDate(v)) throw new BadUserInputError(f, '须为日期 YYYY-MM-DD (must be a date YYYY-MM-DD)');
  }
  if (q.from && q.to && q.from > q.to) throw new BadUserInputError('to', '不能早于开始日期 (must not be before from)');
  if (q.from && q.to && q.from < addDays(q.to, -MAX_RANGE_DAYS))
    throw new BadUserInputError('from', `区间至多 ${MAX_RANGE_DAYS} 天 (at most ${MAX_RANGE_DAYS} days)`);
}

/**
 * Which change records `viewer` may read: street admins and community staff those of their
 * communities (street admins also their street's street-wide ones); grid workers those of
 * entities in their grids. Every other role reads none.
 */
export function changeScope(viewer: Viewer): (r: Pick<ChangeRecordDoc, 'communityId' | 'street' | 'gridIds'>) => boolean {
  const communities = new Set(viewer.communityIds);
  const grids = new Set(viewer.gridIds);
  switch (viewer.role) {
    case 'STREET_ADMIN':
      return (r) => (r.communityId ? communities.has(r.communityId) : !!r.street && r.street === viewer.street);
    case 'COMMUNITY_STAFF':
      return (r) => !!r.communityId && communities.has(r.communityId);
    case 'GRID_WORKER':
      return (r) => !!r.communityId && communities.has(r.communityId) && r.gridIds.some((g) => grids.has(g));
    default:
      return () => false;
  }
}

/** A change record's place in the log: when, then its id (records of one call share `at`). */
const changeKey = (r: Pick<ChangeRecordDoc, 'at' | '_id'>) => `${String(r.at.getTime()).padStart(15, '0')}_${String(r._id)}`;

/** The cursor after a change record. */
export const changeCursor = (r: Pick<ChangeRecordDoc, 'at' | '_id'>): string => Buffer.from(`k:${changeKey(r)}`).toString('base64url');

function decodeChangeCursor(cursor: string): string {
  const raw = Buffer.from(cursor, 'base64url').toString();
  const key = raw.startsWith('k:') ? raw.slice(2) : '';
  if (!/^\d{15}_[0-9a-f]{24}$/.test(key)) throw new BadUserInputError('after', '无效的分页游标 (invalid cursor)');
  return key;
}

/** The months from `to`'s back to `from`'s (`2026-11`, `2026-10`, …). */
export function monthsBack(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = to.slice(0, 7); m >= from.slice(0, 7);) {
    months.push(m);
    const [y, mm] = m.split('-').map(Number) as [number, number];
    m = mm === 1 ? `${y - 1}-12` : `${y}-${String(mm - 1).padStart(2, '0')}`;
  }
  return months;
}

type Keyed = { r: ChangeRecordDoc; key: string };
const newestFirst = (a: Keyed, b: Keyed) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0);

/**
 * One page of the change records `viewer` may read, newest first: by `at`, then by id (the
 * subgraphs' processes write to one log, and ids of different processes are not in time order
 * within a second). One entity's history is one equality read (`entityId`). A community's log is
 * read a month at a time (`{ communityId, month }`, equalities the engine serves by itself), from
 * `to` (default today) back towards `from` (default a year earlier) until the page is full; the
 * total is counted only when asked for. Scope, dates and the cursor apply to the rows read.
 */
export async function changePage(model: ChangeRecordModel, viewer: Viewer, q: ChangeQuery): Promise<Connection<ChangeRecordDoc>> {
  checkChangeQuery(viewer, q);
  const limit = pageSize(q.first);
  const after = q.after ? decodeChangeCursor(q.after) : null;
  const visible = changeScope(viewer);
  const start = q.from ? atLocal(q.from, '00:00') : null;
  const end = q.to ? atLocal(addDays(q.to, 1), '00:00') : null;
  const keep = (r: ChangeRecordDoc) => visible(r) && (!start || r.at >= start) && (!end || r.at < end);
  const keyed = (rows: ChangeRecordDoc[]): Keyed[] => rows.filter(keep).map((r) => ({ r, key: changeKey(r) }));
  let rows: Keyed[];
  let total: Connection<ChangeRecordDoc>['totalCount'];
  if (q.entityId) {
    const all = keyed(await model.find({ entityId: q.entityId }).lean<ChangeRecordDoc[]>().exec()).sort(newestFirst);
    rows = after ? all.filter((x) => x.key < after) : all;
    total = all.length;
  } else {
    const to = q.to ?? localDate();
    const months = monthsBack(q.from ?? addDays(to, -MAX_RANGE_DAYS + 1), to);
    const read = async (month: string) =>
      keyed(await model.find({ communityId: q.communityId, month }).lean<ChangeRecordDoc[]>().exec()).sort(newestFirst);
    // The cursor's month is where the next page starts: later months are all before the cursor.
    const from = after ? months.filter((m) => m <= localMonth(new Date(Number(after.slice(0, 15))))) : months;
    rows = [];
    for (const month of from) {
      rows.push(...(await read(month)).filter((x) => !after || x.key < after));
      if (rows.length > limit) break;
    }
    total = async () => (await Promise.all(months.map(read))).reduce((n, m) => n + m.length, 0);
  }
  const page = rows.slice(0, limit);
  const edges = page.map(({ r }) => ({ cursor: changeCursor(r), node: r }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: total,
  };
}
