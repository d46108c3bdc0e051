import DataLoader from 'dataloader';
import { Types, type Model } from 'mongoose';
import { engineOf, matcher } from './engine.js';
import { allOf } from './filters.js';
import { isObjectId } from './ids.js';

/** A lean document: the raw fields plus its ObjectId. */
export type WithId<R> = R & { _id: Types.ObjectId };

const BATCH = { maxBatchSize: 1000 };

/**
 * Rows of `model` by id, batched per tick (per request: create the loader in the request context).
 * Unknown or malformed ids, and rows outside `scope` (a row-scoping filter), resolve to null.
 * On MongoDB one `find({ _id: { $in } })` per batch; on FerretDB parallel point reads by `_id`
 * alone (the only filter every backend pushes down), the scope checked on the returned documents.
 */
export function byIdLoader<R>(model: Model<R>, scope: Record<string, unknown> = {}): DataLoader<string, WithId<R> | null> {
  type T = WithId<R>;
  const inScope = matcher<T>(scope);
  return new DataLoader<string, T | null>(async (ids) => {
    const valid = ids.filter(isObjectId);
    let rows: T[];
    if (engineOf(model.db) === 'mongodb') {
      rows = valid.length ? await model.find(allOf(scope, { _id: { $in: valid } })).lean<T[]>() : [];
    } else {
      const found = (await Promise.all([...new Set(valid)].map((id) => model.findOne({ _id: id }).lean().exec()))) as (T | null)[];
      rows = found.filter((r): r is T => r !== null && inScope(r));
    }
    const byId = new Map(rows.map((r) => [String(r._id), r]));
    return ids.map((id) => byId.get(id) ?? null);
  }, BATCH);
}

/**
 * The rows of many parents at once (e.g. the service requests of 100 residents), grouped by
 * `field`. An array field puts a row in the group of each of its values. `filter` narrows rows
 * (row scoping); `sort` orders each group. On FerretDB's PostgreSQL backend one equality read per
 * key (pushed down: each touches only its group); elsewhere one `{ field: { $in } }` per batch.
 */
export function groupLoader<R>(
  model: Model<R>,
  field: keyof R & string,
  opts: { filter?: Record<string, unknown>; sort?: Record<string, 1 | -1> } = {},
): DataLoader<string, WithId<R>[]> {
  type T = WithId<R>;
  const sort = opts.sort ?? { _id: 1 };
  return new DataLoader<string, T[]>(async (keys) => {
    if (engineOf(model.db) === 'ferretdb-postgresql') {
      return Promise.all(keys.map((k) => model.find(allOf(opts.filter ?? {}, { [field]: k })).sort(sort).lean<T[]>().exec()));
    }
    const rows = await model
      .find(allOf(opts.filter ?? {}, { [field]: { $in: [...keys] } }))
      .sort(sort)
      .lean<T[]>();
    const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) {
      const value = row[field];
      for (const key of Array.isArray(value) ? value : [value]) groups.get(String(key))?.push(row);
    }
    return keys.map((k) => groups.get(k) ?? []);
  }, BATCH);
}

/**
 * How many rows of `model` have each value of `field` (within `filter`). On MongoDB one `$group`
 * per batch; on FerretDB's PostgreSQL backend one pushed-down equality read of ids per key.
 */
export function countLoader<R>(model: Model<R>, field: keyof R & string, filter: Record<string, unknown> = {}): DataLoader<string, number> {
  return new DataLoader<string, number>(async (keys) => {
    if (engineOf(model.db) === 'ferretdb-postgresql') {
      return Promise.all(keys.map(async (k) => (await model.find(allOf(filter, { [field]: k }), { _id: 1 }).lean().exec()).length));
    }
    const ids = keys.map((k) => (isObjectId(k) ? new Types.ObjectId(k) : k));
    const rows = await model.aggregate<{ _id: unknown; n: number }>([
      { $match: allOf(filter, { [field]: { $in: ids } }) },
      { $group: { _id: `$${field}`, n: { $sum: 1 } } },
    ]);
    const counts = new Map(rows.map((r) => [String(r._id), r.n]));
    return keys.map((k) => counts.get(k) ?? 0);
  });
}
