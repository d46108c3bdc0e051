import { engineOf, matcher } from './engine.js';
import { allOf } from './filters.js';
import { groupRows, mapReads, type WithId } from './loaders.js';
import { connectionOf, decodeCursor, findPage, pageSize, type Connection as Page, type PageArgs } from './pagination.js';
import DataLoader from 'dataloader';
import type { FilterQuery, Model } from 'mongoose';

/**
 * Read shapes for an engine without secondary indexes (FerretDB on PostgreSQL pushes down only
 * top-level equalities ANDed together; `$in`, ranges and sorts run in Go over every row the
 * equalities return). There, a read is a few parallel equality reads ("buckets") over bounded
 * sets, with the rest of the filter, the order and the page worked out here. On MongoDB (indexes)
 * and FerretDB on SQLite (every filter but `_id` scans) the same read is one query.
 */

export type Filter = Record<string, unknown>;
export type SortSpec = Record<string, 1 | -1>;

/** True where parallel equality reads beat one query (FerretDB's PostgreSQL backend). */
export const splitsReads = (model: Model<any>): boolean => engineOf(model.db) === 'ferretdb-postgresql';

const isPlain = (v: unknown): v is Filter =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** The values an equality (`v`) or a `$in` condition allows; null for any other condition or none. */
export function valuesOf(cond: unknown): unknown[] | null {
  if (cond === undefined || cond === null) return null;
  if (isPlain(cond)) {
    const keys = Object.keys(cond);
    return keys.length === 1 && keys[0] === '$in' && Array.isArray(cond.$in) ? [...new Set(cond.$in as unknown[])] : null;
  }
  return Array.isArray(cond) ? null : [cond];
}

/** Every combination of one value per field: `{ a: [1, 2], b: ['x'] }` → `[{ a: 1, b: 'x' }, { a: 2, b: 'x' }]`. */
export function combinations(fields: Record<string, unknown[]>): Filter[] {
  let out: Filter[] = [{}];
  for (const [field, values] of Object.entries(fields)) out = out.flatMap((f) => values.map((v) => ({ ...f, [field]: v })));
  return out;
}

/**
 * Equality reads that together hold every row `filter` can match: the rows of one value of the
 * narrowest of `fields` (narrowest first) the filter names, one read per value it allows, in one
 * state per read when it names states (`status`). Null when it names none of `fields`, or when that
 * would be more than `max` reads (default 64).
 */
export function equalityBuckets(filter: Filter, fields: readonly string[], max = 64): Filter[] | null {
  const field = fields.find((f) => valuesOf(filter[f]) !== null);
  if (!field) return null;
  const values: Record<string, unknown[]> = { [field]: valuesOf(filter[field])! };
  const statuses = valuesOf(filter.status);
  if (statuses) values.status = statuses;
  const buckets = combinations(values);
  return buckets.length <= max ? buckets : null;
}

/** Rows of every equality filter, read in parallel (at most READ_CONCURRENCY at a time), each row once. */
export async function readEach<R>(model: Model<R>, filters: Filter[], projection?: Record<string, 0 | 1>): Promise<WithId<R>[]> {
  const parts = await mapReads(filters, (f) =>
    model
      .find(f as FilterQuery<R>, projection)
      .lean<WithId<R>[]>()
      .exec(),
  );
  const seen = new Set<string>();
  const rows: WithId<R>[] = [];
  for (const row of parts.flat()) {
    const id = String(row._id);
    if (seen.has(id)) continue;
    seen.add(id);
    rows.push(row);
  }
  return rows;
}

/** A key that is not a valid value of the field (e.g. a malformed id) matches no row. */
function castToNothing(err: unknown): never[] {
  if ((err as { name?: string })?.name === 'CastError') return [];
  throw err;
}

/** Sort keys compare as MongoDB orders them for the types used here: null first, ObjectIds by hex. */
function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Sorts rows in place by a MongoDB sort spec. */
export function sortRows<T>(rows: T[], sort: SortSpec): T[] {
  const keys = Object.entries(sort);
  return rows.sort((a, b) => {
    for (const [k, dir] of keys) {
      const c = compareValues((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
      if (c) return c * dir;
    }
    return 0;
  });
}

/**
 * A page in `_id` order of the rows matching `filter` (the row scope already in it), with their
 * total. Where reads split (FerretDB on PostgreSQL) and `buckets` is given, the rows are read as
 * the union of the buckets (equality filters over bounded sets, which together hold every row
 * `filter` can match), and filter, order, page and total are worked out here: no sort, range or
 * count on the engine. Elsewhere it is `findPage` (sort and limit on an index; the total counted
 * only when selected).
 */
export async function pageOf<R>(model: Model<R>, filter: Filter, buckets: Filter[] | null, args: PageArgs): Promise<Page<WithId<R>>> {
  if (!buckets || !splitsReads(model)) return findPage(model, filter as FilterQuery<R>, args);
  const limit = pageSize(args.first);
  const after = args.after ? decodeCursor(args.after) : null;
  const matches = matcher<WithId<R>>(filter);
  const all = sortRows(
    (await readEach(model, buckets)).filter((r) => matches(r)),
    { _id: 1 },
  );
  const from = after ? all.filter((r) => String(r._id) > after.toLowerCase()) : all;
  return connectionOf(from, limit, all.length);
}

/**
 * The rows of many parents at once, grouped by `field` (one request's loader). The viewer's row
 * scope is checked here on the rows read, so the query compares `field` alone: on FerretDB's
 * PostgreSQL backend one pushed-down equality read per key; elsewhere one `$in` query with the
 * scope in it. `sort` orders each group.
 */
export function scopedGroupLoader<R>(
  model: Model<R>,
  field: keyof R & string,
  opts: { scope?: Filter; sort?: SortSpec } = {},
): DataLoader<string, WithId<R>[]> {
  type T = WithId<R>;
  const scope = opts.scope ?? {};
  const sort = opts.sort ?? { _id: 1 };
  const inScope = matcher<T>(scope);
  return new DataLoader<string, T[]>(
    async (keys) => {
      if (splitsReads(model)) {
        return mapReads(keys, async (k) => {
          const rows = await model
            .find({ [field]: k } as FilterQuery<R>)
            .lean<T[]>()
            .exec()
            .catch(castToNothing);
          return sortRows(
            rows.filter((r) => inScope(r)),
            sort,
          );
        });
      }
      const rows = await model
        .find(allOf(scope, { [field]: { $in: [...keys] } }) as FilterQuery<R>)
        .sort(sort)
        .lean<T[]>()
        .exec()
        .catch(castToNothing);
      return groupRows(keys, rows, field);
    },
    { maxBatchSize: 1000 },
  );
}
