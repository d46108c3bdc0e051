import { BadUserInputError, isObjectId, localDate, pageSize, type Connection, type PageArgs, type WithId } from '@jwh/platform';
import type { Types } from 'mongoose';
import type { Context } from '../context.js';
import type { Models, PiiAccessDoc } from '../models/index.js';

/** An unmasked read of a resident's personal data, as the access log keeps it. */
export interface PiiAccessEntry {
  residentId: unknown;
  communityId: string;
  field: string;
  purpose: string;
  at: Date;
  actor: string;
  role: string;
  requestId: string;
}

/** An export that reveals many residents' data: one log entry, written before the first row is sent. */
export type PiiExportEntry = Omit<PiiAccessEntry, 'residentId'> & { count: number; subject: string };

/**
 * Appends entries to the access log, each with its Shanghai day, and counts them per community
 * and day (the read model the log is listed and totalled by: no scan of an ever-growing log).
 */
export async function appendPiiAccess(models: Models, entries: PiiAccessEntry[]): Promise<void> {
  if (!entries.length) return;
  const rows = entries.map((e) => ({ ...e, day: localDate(e.at) }));
  await models.PiiAccess.insertMany(rows);
  const perDay = new Map<string, { communityId: string; day: string; n: number }>();
  for (const r of rows) {
    const key = `${r.communityId}|${r.day}`;
    const c = perDay.get(key) ?? { communityId: r.communityId, day: r.day, n: 0 };
    c.n++;
    perDay.set(key, c);
  }
  await models.PiiAccessDay.bulkWrite(
    [...perDay.entries()].map(([key, c]) => ({
      updateOne: {
        filter: { _id: key },
        update: { $inc: { n: c.n }, $setOnInsert: { communityId: c.communityId, day: c.day } },
        upsert: true,
      },
    })),
  );
}

/**
 * Logs an export once (kind EXPORT, with the count of residents and what was exported) and returns
 * a function that records which residents it revealed, batch by batch, for lookups by resident.
 */
export async function appendPiiExport(models: Models, entry: PiiExportEntry): Promise<(residentIds: Types.ObjectId[]) => Promise<void>> {
  const day = localDate(entry.at);
  const [exported] = await models.PiiAccess.insertMany([{ ...entry, residentId: null, kind: 'EXPORT', day }]);
  await models.PiiAccessDay.updateOne(
    { _id: `${entry.communityId}|${day}` },
    { $inc: { n: 1 }, $setOnInsert: { communityId: entry.communityId, day } },
    { upsert: true },
  );
  return async (residentIds) => {
    if (residentIds.length)
      await models.PiiExportMember.insertMany(residentIds.map((residentId) => ({ exportId: exported!._id, residentId })));
  };
}

type Row = WithId<PiiAccessDoc>;
const encode = (day: string, id: string) => Buffer.from(`p:${day}|${id}`).toString('base64url');
function decode(cursor: string): { day: string; id: string } {
  const raw = Buffer.from(cursor, 'base64url').toString();
  const [day, id] = raw.startsWith('p:') ? raw.slice(2).split('|') : [];
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day) || !id || !isObjectId(id))
    throw new BadUserInputError('after', '无效的分页游标 (invalid cursor)');
  return { day, id };
}
const newestFirst = (a: Row, b: Row) => (String(a._id) < String(b._id) ? 1 : String(a._id) > String(b._id) ? -1 : 0);

/** Days (YYYY-MM-DD, Shanghai) the log is read between; `from` after `to` is refused. */
function dayRange(args: { from?: string | null; to?: string | null }) {
  const from = args.from ?? '0000-00-00';
  const to = args.to ?? '9999-99-99';
  if (from > to) throw new BadUserInputError('from', '开始日期晚于结束日期 (from is after to)');
  return (day: string) => day >= from && day <= to;
}

/**
 * The access log of the viewer's communities, newest first, optionally for one resident (its reads
 * and the exports that covered it) and between two days. Read day by day (one pushed-down equality
 * per community and day that has entries, found in the per-day counts), so a page costs the days it
 * spans, not the log's length; totals come from the counts.
 */
export async function listPiiAccess(
  ctx: Context,
  args: PageArgs & { residentId?: string | null; from?: string | null; to?: string | null },
): Promise<Connection<Row>> {
  const limit = pageSize(args.first);
  const inRange = dayRange(args);
  const communities = new Set(ctx.viewer.communityIds ?? []);
  const after = args.after ? decode(args.after) : null;
  const beforeCursor = (r: Row) => !after || (r.day ?? '') < after.day || ((r.day ?? '') === after.day && String(r._id) < after.id);
  const { PiiAccess, PiiAccessDay, PiiExportMember } = ctx.models;
  let rows: Row[] = [];
  let total: number;
  if (args.residentId != null) {
    if (!isObjectId(args.residentId)) throw new BadUserInputError('residentId', '无效的编号 (invalid id)');
    const exportIds = (await PiiExportMember.find({ residentId: args.residentId }, { exportId: 1 }).lean().exec()).map((m) => m.exportId);
    const [reads, exports] = await Promise.all([
      PiiAccess.find({ residentId: args.residentId }).lean<Row[]>().exec(),
      Promise.all([...new Set(exportIds.map(String))].map((_id) => PiiAccess.findOne({ _id }).lean<Row>().exec())),
    ]);
    // A street admin reads the log of its own street's communities only.
    const all = [...reads, ...exports.filter((e): e is Row => e != null)].filter(
      (r) => communities.has(r.communityId) && inRange(r.day ?? ''),
    );
    total = all.length;
    rows = all
      .filter(beforeCursor)
      .sort((a, b) => ((a.day ?? '') < (b.day ?? '') ? 1 : (a.day ?? '') > (b.day ?? '') ? -1 : newestFirst(a, b)));
    rows = rows.slice(0, limit + 1);
  } else {
    const days = (await Promise.all([...communities].map((communityId) => PiiAccessDay.find({ communityId }).lean().exec())))
      .flat()
      .filter((d) => inRange(d.day));
    total = days.reduce((n, d) => n + d.n, 0);
    const byDay = new Map<string, string[]>();
    for (const d of days) if (!after || d.day <= after.day) byDay.set(d.day, [...(byDay.get(d.day) ?? []), d.communityId]);
    for (const day of [...byDay.keys()].sort().reverse()) {
      const found = await Promise.all(byDay.get(day)!.map((communityId) => PiiAccess.find({ communityId, day }).lean<Row[]>().exec()));
      rows.push(...found.flat().filter(beforeCursor).sort(newestFirst));
      if (rows.length > limit) break;
    }
  }
  const page = rows.slice(0, limit);
  const edges = page.map((node) => ({ cursor: encode(node.day ?? '', String(node._id)), node }));
  return { edges, nodes: page, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: total };
}
