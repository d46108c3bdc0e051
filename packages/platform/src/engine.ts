import type { Connection } from 'mongoose';
import siftModule from 'sift';

// sift is CommonJS whose module object is the function; its typings declare an ES default export.
const sift = siftModule as unknown as (filter: Record<string, unknown>) => (doc: unknown) => boolean;

/**
 * Which engine a connection talks to, because the fast shape of a batched read differs:
 * - `mongodb`: secondary indexes; one `{ field: { $in: keys } }` per batch is best.
 * - `ferretdb-postgresql`: no query planner; only top-level equalities are pushed down to
 *   PostgreSQL (`$in`, ranges and sorts run in Go over every row), so a batch becomes parallel
 *   equality reads, each touching only its own rows.
 * - `ferretdb-sqlite`: only `{ _id: v }` alone is pushed down; every other filter scans the whole
 *   collection, so a batch is one scan (`$in`) rather than one scan per key, and by-id reads are
 *   point reads.
 */
export type EngineKind = 'mongodb' | 'ferretdb-postgresql' | 'ferretdb-sqlite';

const kinds = new WeakMap<object, EngineKind>();

/** Asks the server what it is (once per connection, at connect) and remembers it for `engineOf`. */
export async function detectEngine(conn: Connection): Promise<EngineKind> {
  const db = conn.getClient().db(conn.name);
  const info = await db.admin().command({ buildInfo: 1 });
  let kind: EngineKind = 'mongodb';
  if (info.ferretdbVersion) {
    // The PostgreSQL backend explains with PostgreSQL's plan (`Node Type`); SQLite's has none. A
    // collection that does not exist explains as nothing on both: the probe makes one of one row.
    await db.collection<{ _id: string }>('_engine_probe').updateOne({ _id: 'probe' }, { $set: { _id: 'probe' } }, { upsert: true });
    const explain = await db.command({ explain: { find: '_engine_probe', filter: { _id: 'probe' } } }).catch(() => ({}));
    kind = JSON.stringify(explain).includes('Node Type') ? 'ferretdb-postgresql' : 'ferretdb-sqlite';
  }
  kinds.set(conn, kind);
  return kind;
}

/** The engine `detectEngine` found for this connection; `mongodb` when never detected (unit tests). */
export function engineOf(conn: Connection | { db?: Connection } | undefined): EngineKind {
  if (!conn) return 'mongodb';
  return kinds.get(conn) ?? kinds.get((conn as { db?: Connection }).db ?? {}) ?? 'mongodb';
}

/** Records the engine of a connection without asking (tests of the loaders' two shapes). */
export function setEngine(conn: Connection, kind: EngineKind): void {
  kinds.set(conn, kind);
}

/**
 * A predicate for a MongoDB filter, evaluated in the service (row scope checked on a document read
 * by `_id` alone). ObjectIds compare by their hex value.
 */
export function matcher<T>(filter: Record<string, unknown>): (doc: T) => boolean {
  if (!Object.keys(filter).length) return () => true;
  return sift(filter);
}

const boundedCollections = new Set<string>();

/**
 * Declares collections that hold the street's structure (communities, grids, staff: tens to a few
 * hundred rows, not one per resident). Their loaders read a batch of several keys with one `$in`
 * on every engine (on FerretDB a scan of those few rows beats a command per key), and the
 * query-shape test accepts those reads.
 */
export function declareBounded(...models: { collection: { collectionName: string } }[]): void {
  for (const m of models) boundedCollections.add(m.collection.collectionName);
}

/** True for a collection declared with `declareBounded`. */
export const isBounded = (collection: string): boolean => boundedCollections.has(collection);
