import { mongo, type Connection } from 'mongoose';
import { isBounded } from './engine.js';

/**
 * The shape of one database command: which fields its filter compares for equality (what FerretDB
 * pushes down to PostgreSQL and what a MongoDB index prefix can serve) and which it tests any other
 * way. Values never appear (no personal data): `skeleton` is the filter with every value replaced
 * by a placeholder of the same type, in extended JSON, so a test can ask the engine to explain it.
 */
export interface QueryShape {
  collection: string;
  command: string;
  /** Top-level fields compared with a scalar (`field: v` or `$eq`). */
  equality: string[];
  /** Other conditions, as `field:$op` (`gridId:$in`, `name:$regex`, `gridId:null`, `$or`). */
  other: string[];
  sort: string[];
  /** The filter with placeholder values, as extended JSON. */
  skeleton: string;
  /** The collection is declared bounded (`declareBounded`): a batch read with `$in` is by design. */
  bounded: boolean;
}

const { ObjectId, EJSON } = mongo.BSON;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

function placeholder(v: unknown): unknown {
  if (v instanceof ObjectId) return new ObjectId('000000000000000000000000');
  if (v instanceof Date) return new Date(0);
  if (v instanceof RegExp) return /^x/;
  if (Array.isArray(v)) return v.length ? [placeholder(v[0])] : [];
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, placeholder(x)]));
  if (typeof v === 'string') return 'x';
  if (typeof v === 'number') return 0;
  return v;
}

/** Describes a filter the way FerretDB decides what to push down. */
export function describeFilter(filter: Record<string, unknown> = {}): Pick<QueryShape, 'equality' | 'other'> {
  const equality: string[] = [];
  const other: string[] = [];
  for (const [field, value] of Object.entries(filter)) {
    if (field.startsWith('$')) other.push(field);
    else if (value === null || value === undefined) other.push(`${field}:null`);
    else if (value instanceof RegExp) other.push(`${field}:$regex`);
    else if (Array.isArray(value)) other.push(`${field}:array`);
    else if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
      const ops = Object.keys(value);
      if (ops.length === 1 && ops[0] === '$eq' && value.$eq !== null) equality.push(field);
      else other.push(...ops.map((op) => `${field}:${op}`));
    } else if (isPlainObject(value)) other.push(`${field}:document`);
    else equality.push(field);
  }
  return { equality: equality.sort(), other: other.sort() };
}

/** The filter a command applies (a find's, an aggregate's leading $match, an update's or delete's). */
function filtersOf(command: Record<string, unknown>): Record<string, unknown>[] {
  if ('find' in command) return [(command.filter as Record<string, unknown>) ?? {}];
  if ('count' in command) return [(command.query as Record<string, unknown>) ?? {}];
  if ('distinct' in command) return [(command.query as Record<string, unknown>) ?? {}];
  if ('findAndModify' in command) return [(command.query as Record<string, unknown>) ?? {}];
  if ('aggregate' in command) {
    const first = (command.pipeline as Record<string, unknown>[] | undefined)?.[0];
    return [first && '$match' in first ? (first.$match as Record<string, unknown>) : {}];
  }
  if ('update' in command) return ((command.updates as { q: Record<string, unknown> }[]) ?? []).map((u) => u.q);
  if ('delete' in command) return ((command.deletes as { q: Record<string, unknown> }[]) ?? []).map((d) => d.q);
  return [];
}

const COMMANDS = new Set(['find', 'count', 'distinct', 'findAndModify', 'aggregate', 'update', 'delete']);

/**
 * Keeps the shapes of the commands a connection sends (development and tests: the query-shape
 * test reads them through `GET /debug/query-shapes`). At most `max` are kept.
 */
export function recordQueryShapes(conn: Connection, max = 20_000): { take: () => QueryShape[] } {
  let shapes: QueryShape[] = [];
  conn.getClient().on('commandStarted', (e) => {
    if (!COMMANDS.has(e.commandName) || shapes.length >= max) return;
    const command = e.command as Record<string, unknown>;
    const collection = String(command[e.commandName]);
    if (collection === '_engine_probe' || collection === '1') return;
    const sort = Object.keys((command.sort as Record<string, unknown>) ?? {});
    for (const filter of filtersOf(command)) {
      shapes.push({
        collection,
        command: e.commandName,
        ...describeFilter(filter),
        sort,
        skeleton: EJSON.stringify(placeholder(filter) as object),
        bounded: isBounded(collection),
      });
    }
  });
  return {
    take: () => {
      const taken = shapes;
      shapes = [];
      return taken;
    },
  };
}
