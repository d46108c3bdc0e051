import DataLoader from 'dataloader';
import { Types, type Model } from 'mongoose';
import { allOf } from './filters.js';
import { isObjectId } from './ids.js';

/** A lean document: the raw fields plus its ObjectId. */
export type WithId<R> = R & { _id: Types.ObjectId };

/**
 * One `find({ _id: { $in } })` per tick for all ids asked of `model` (per request: create the
 * loader in the request context). Unknown or malformed ids, and rows outside `scope` (a row-scoping
 * filter), resolve to null.
 */
export function byIdLoader<R>(model: Model<R>, scope: Record<string, unknown> = {}): DataLoader<string, WithId<R> | null> {
  type T = WithId<R>;
  return new DataLoader<string, T | null>(
    async (ids) => {
      const valid = ids.filter(isObjectId);
      const rows = valid.length ? await model.find(allOf(scope, { _id: { $in: valid } })).lean<T[]>() : [];
      const byId = new Map(rows.map((r) => [String(r._id), r]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { maxBatchSize: 1000 },
  );
}

/**
 * One `find({ [field]: { $in } })` per tick, grouped by `field`: the rows of many parents at once
 * (e.g. the service requests of 100 residents). An array field puts a row in the group of each of
 * its values. `filter` narrows rows (row scoping); `sort` orders
 * each group.
 */
export function groupLoader<R>(
  model: Model<R>,
  field: keyof R & string,
  opts: { filter?: Record<string, unknown>; sort?: Record<string, 1 | -1> } = {},
): DataLoader<string, WithId<R>[]> {
  type T = WithId<R>;
  return new DataLoader<string, T[]>(
    async (keys) => {
      const rows = await model
        .find(allOf(opts.filter ?? {}, { [field]: { $in: [...keys] } }))
        .sort(opts.sort ?? { _id: 1 })
        .lean<T[]>();
      const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
      for (const row of rows) {
        const value = row[field];
        for (const key of Array.isArray(value) ? value : [value]) groups.get(String(key))?.push(row);
      }
      return keys.map((k) => groups.get(k) ?? []);
    },
    { maxBatchSize: 1000 },
  );
}

/** One `$group` count per tick: how many rows of `model` have each value of `field`. */
export function countLoader<R>(model: Model<R>, field: keyof R & string, filter: Record<string, unknown> = {}): DataLoader<string, number> {
  return new DataLoader<string, number>(async (keys) => {
    const ids = keys.map((k) => (isObjectId(k) ? new Types.ObjectId(k) : k));
    const rows = await model.aggregate<{ _id: unknown; n: number }>([
      { $match: allOf(filter, { [field]: { $in: ids } }) },
      { $group: { _id: `$${field}`, n: { $sum: 1 } } },
    ]);
    const counts = new Map(rows.map((r) => [String(r._id), r.n]));
    return keys.map((k) => counts.get(k) ?? 0);
  });
}
