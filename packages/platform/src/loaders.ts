import DataLoader from 'dataloader';
import { NotFoundError } from './errors.js';
import pLimit from 'p-limit';
import { Types, type Model } from 'mongoose';
import { engineOf, isBounded, matcher } from './engine.js';
import { allOf } from './filters.js';
import { isObjectId } from './ids.js';

/** A lean document: the raw fields plus its ObjectId. */
export type WithId<R> = R & { _id: Types.ObjectId };

const BATCH = { maxBatchSize: 1000 };

/**
 * Reads one batch issues at once on FerretDB (its point and equality reads are cheap; an unbounded
 * burst only queues on its PostgreSQL pool and starves other requests).
 */
export const READ_CONCURRENCY = 16;

/** `fn` over `items`, at most READ_CONCURRENCY at a time, results in order. */
export function mapReads<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const limit = pLimit(READ_CONCURRENCY);
  return Promise.all(items.map((item) => limit(() => fn(item))));
}

/** True when a batch of `keys` is read with one `$in` command rather than one command per key. */
function oneReadPerBatch(model: { db: Model<unknown>['db']; collection: { collectionName: string } }, keys: number): boolean {
  return engineOf(model.db) === 'mongodb' || (isBounded(model.collection.collectionName) && keys > 1);
}

/**
 * Rows of `model` by id, batched per tick (per request: create the loader in the request context).
 * Unknown or malformed ids, and rows outside `scope` (a row-scoping filter), resolve to null.
 * On MongoDB (and for a collection declared bounded) one `find({ _id: { $in } })` per batch; on FerretDB
 * otherwise parallel point reads by `_id` alone (the only filter every backend pushes down), the
 * scope checked on the returned documents.
 */
export function byIdLoader<R>(model: Model<R>, scope: Record<string, unknown> = {}): DataLoader<string, WithId<R> | null> {
  type T = WithId<R>;
  const inScope = matcher<T>(scope);
  return new DataLoader<string, T | null>(async (ids) => {
    const valid = ids.filter(isObjectId);
    let rows: T[];
    if (oneReadPerBatch(model, new Set(valid).size)) {
      rows = valid.length ? await model.find(allOf(scope, { _id: { $in: valid } })).lean<T[]>() : [];
    } else {
      const found = (await mapReads([...new Set(valid)], (id) => model.findOne({ _id: id }).lean().exec())) as (T | null)[];
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
 * key (pushed down: each touches only its group) unless the collection is `bounded`; elsewhere one
 * `{ field: { $in } }` per batch.
 */
export function groupLoader<R>(
  model: Model<R>,
  field: keyof R & string,
  opts: { filter?: Record<string, unknown>; sort?: Record<string, 1 | -1> } = {},
): DataLoader<string, WithId<R>[]> {
  type T = WithId<R>;
  const sort = opts.sort ?? { _id: 1 };
  return new DataLoader<string, T[]>(async (keys) => {
    if (engineOf(model.db) === 'ferretdb-postgresql' && !oneReadPerBatch(model, keys.length)) {
      return mapReads(keys, (k) =>
        model
          .find(allOf(opts.filter ?? {}, { [field]: k }))
          .sort(sort)
          .lean<T[]>()
          .exec(),
      );
    }
    const rows = await model
      .find(allOf(opts.filter ?? {}, { [field]: { $in: [...keys] } }))
      .sort(sort)
      .lean<T[]>();
    return groupRows(keys, rows, field);
  }, BATCH);
}

/** `rows` grouped by the value of `field` (or each of its values, for an array), one group per key in the order of `keys`. */
export function groupRows<T>(keys: readonly string[], rows: readonly T[], field: keyof T & string): T[][] {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) {
    const value = row[field];
    for (const key of Array.isArray(value) ? value : [value]) groups.get(String(key))?.push(row);
  }
  return keys.map((k) => groups.get(k) ?? []);
}

/**
 * How many rows of `model` have each value of `field` (within `filter`). On MongoDB one `$group`
 * per batch; on FerretDB's PostgreSQL backend one pushed-down equality read of ids per key.
 */
export function countLoader<R>(model: Model<R>, field: keyof R & string, filter: Record<string, unknown> = {}): DataLoader<string, number> {
  return new DataLoader<string, number>(async (keys) => {
    if (engineOf(model.db) === 'ferretdb-postgresql') {
      return mapReads(
        keys,
        async (k) =>
          (
            await model
              .find(allOf(filter, { [field]: k }), { _id: 1 })
              .lean()
              .exec()
          ).length,
      );
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

/**
 * The row a reference points at, for a non-null field: a dangling reference (the row was removed)
 * is NOT_FOUND naming what is missing, not a null where the schema promises a value.
 */
export async function loadExisting<T>(loader: DataLoader<string, T | null>, id: unknown, what: string): Promise<T> {
  const row = await loader.load(String(id));
  if (!row) throw new NotFoundError(what, String(id));
  return row;
}

/** A write's result for a non-null field: the document it returned, or NOT_FOUND when it is gone. */
export function existing<T>(row: T | null | undefined, what: string, id: unknown): T {
  if (!row) throw new NotFoundError(what, String(id));
  return row;
}
