import { setEngine, type EngineKind, type RunningSubgraph } from '@jwh/platform';

/** A subgraph's database connection (mongoose's, as `RunningSubgraph` holds it). */
type Conn = RunningSubgraph<unknown>['conn'];

/** One read a connection sent: the command, the collection it named and its filter. */
export interface Read {
  command: 'find' | 'aggregate' | 'count';
  collection: string;
  filter: Record<string, unknown>;
}

/**
 * What the server really is: MongoDB, or FerretDB on PostgreSQL or SQLite (the PostgreSQL backend
 * explains a find on `collection` with PostgreSQL's plan).
 */
export async function realEngine(conn: Conn, collection: string): Promise<EngineKind> {
  const info = await conn.db!.admin().command({ buildInfo: 1 });
  if (!info.ferretdbVersion) return 'mongodb';
  const plan = await conn.db!.command({ explain: { find: collection, filter: { _id: 0 } } });
  return JSON.stringify(plan).includes('Node Type') ? 'ferretdb-postgresql' : 'ferretdb-sqlite';
}

/**
 * Every read (`find`, `aggregate` with its first `$match`, `count`) this connection sends while `fn`
 * runs, in order. Each test keeps the ones it checks (by collection, by command).
 */
export async function readsDuring(conn: Conn, fn: () => Promise<unknown>): Promise<Read[]> {
  const reads: Read[] = [];
  const on = (e: { commandName: string; command: Record<string, any> }) => {
    const collection = e.command[e.commandName] as string;
    if (e.commandName === 'find') reads.push({ command: 'find', collection, filter: e.command.filter ?? {} });
    if (e.commandName === 'aggregate') reads.push({ command: 'aggregate', collection, filter: e.command.pipeline?.[0]?.$match ?? {} });
    if (e.commandName === 'count') reads.push({ command: 'count', collection, filter: e.command.query ?? {} });
  };
  conn.getClient().on('commandStarted', on);
  try {
    await fn();
  } finally {
    conn.getClient().off('commandStarted', on);
  }
  return reads;
}

/**
 * Runs `fn` with the connection's reads shaped for `kind` (`ferretdb-postgresql`: split into
 * equalities), then gives the connection back `restore`: what `fn` returned and the reads it sent.
 */
export async function readsAs<T>(
  conn: Conn,
  kind: EngineKind,
  restore: EngineKind,
  fn: () => Promise<T>,
): Promise<{ out: T; reads: Read[] }> {
  setEngine(conn, kind);
  try {
    let out: T;
    const reads = await readsDuring(conn, async () => void (out = await fn()));
    return { out: out!, reads };
  } finally {
    setEngine(conn, restore);
  }
}

/** True when every condition is a top-level equality (what FerretDB pushes down whole). */
export const equalityOnly = (filter: Record<string, unknown>): boolean =>
  Object.entries(filter).every(
    ([k, v]) =>
      !k.startsWith('$') &&
      v !== null &&
      !Array.isArray(v) &&
      !(typeof v === 'object' && !(v instanceof Date) && Object.keys(v as object).some((x) => x.startsWith('$'))),
  );

/**
 * Every page of a list, from the first on: `page(after)` is asked with `null`, then with each page's
 * end cursor while it has a next page, at most `max` times. The pages, in order.
 */
export async function allPages<P extends { pageInfo: { hasNextPage: boolean; endCursor: string | null } }>(
  page: (after: string | null) => Promise<P>,
  max: number,
): Promise<P[]> {
  const pages: P[] = [];
  let after: string | null = null;
  for (let i = 0; i < max; i++) {
    const p = await page(after);
    pages.push(p);
    if (!p.pageInfo.hasNextPage) break;
    after = p.pageInfo.endCursor;
  }
  return pages;
}
