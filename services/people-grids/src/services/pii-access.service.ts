import { BadUserInputError, isObjectId, localDate, pageSize, type Connection, type PageArgs, type WithId } from '@jwh/platform';
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

/**
 * The access log of the viewer's communities, newest first, optionally for one resident. Read day
 * by day (one pushed-down equality per community and day that has entries, found in the per-day
 * counts), so a page costs the days it spans, not the log's length; totals come from the counts.
 */
export async function listPiiAccess(ctx: Context, args: PageArgs & { residentId?: string | null }): Promise<Connection<Row>> {
  const limit = pageSize(args.first);
  const communities = new Set(ctx.viewer.communityIds ?? []);
  const after = args.after ? decode(args.after) : null;
  const beforeCursor = (r: Row) => !after || (r.day ?? '') < after.day || ((r.day ?? '') === after.day && String(r._id) < after.id);
  const { PiiAccess, PiiAccessDay } = ctx.models;
  let rows: Row[] = [];
  let total: number;
  if (args.residentId != null) {
    if (!isObjectId(args.residentId)) throw new BadUserInputError('residentId', '无效的编号 (invalid id)');
    // A street admin reads the log of its own street's communities only.
    const all = (await PiiAccess.find({ residentId: args.residentId }).lean<Row[]>().exec()).filter((r) => communities.has(r.communityId));
    total = all.length;
    rows = all
      .filter(beforeCursor)
      .sort((a, b) => ((a.day ?? '') < (b.day ?? '') ? 1 : (a.day ?? '') > (b.day ?? '') ? -1 : newestFirst(a, b)));
    rows = rows.slice(0, limit + 1);
  } else {
    const days = (await Promise.all([...communities].map((communityId) => PiiAccessDay.find({ communityId }).lean().exec()))).flat();
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
