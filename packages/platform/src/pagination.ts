import type { FilterQuery, Model } from 'mongoose';
import { BadUserInputError } from './errors.js';
import { allOf } from './filters.js';
import { isObjectId } from './ids.js';
import type { WithId } from './loaders.js';

/** Largest page a client may ask for. */
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}
export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Counted only when a client selects it (graphql-js calls a function-valued field). */
  totalCount: number | (() => Promise<number>);
}

export const encodeCursor = (id: string): string => Buffer.from(`c:${id}`).toString('base64url');

export function decodeCursor(cursor: string, field = 'after'): string {
  const raw = Buffer.from(cursor, 'base64url').toString();
  const id = raw.startsWith('c:') ? raw.slice(2) : '';
  if (!isObjectId(id)) throw new BadUserInputError(field, '无效的分页游标 (invalid cursor)');
  return id;
}

/** Validates `first`: 1..MAX_PAGE_SIZE, default DEFAULT_PAGE_SIZE. */
export function pageSize(first: number | null | undefined, field = 'first'): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(field, `必须在 1 到 ${MAX_PAGE_SIZE} 之间 (must be between 1 and ${MAX_PAGE_SIZE})`);
  }
  return first;
}

/**
 * Cursor pagination in `_id` order over `filter`, with the total count of the filter (one query
 * more, only when selected). The caller
 * puts row scoping into `filter`, so pages and counts can never include rows the viewer may not see.
 */
export async function findPage<R>(model: Model<R>, filter: FilterQuery<R>, args: PageArgs): Promise<Connection<WithId<R>>> {
  type T = WithId<R>;
  const limit = pageSize(args.first);
  const after = args.after ? decodeCursor(args.after) : null;
  const pageFilter = (after ? allOf(filter as Record<string, unknown>, { _id: { $gt: after } }) : filter) as FilterQuery<R>;
  const rows = await model
    .find(pageFilter)
    .sort({ _id: 1 })
    .limit(limit + 1)
    .lean<T[]>();
  return connectionOf(rows, limit, () => model.countDocuments(filter).exec());
}

/**
 * The page of the first `limit` of `rows` (in cursor order, starting after the cursor; one more
 * than `limit` tells there is a next page) as a connection.
 */
export function connectionOf<T extends { _id: unknown }>(
  rows: readonly T[],
  limit: number,
  totalCount: Connection<T>['totalCount'],
): Connection<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((node) => ({ cursor: encodeCursor(String(node._id)), node }));
  return { edges, nodes: page, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}
