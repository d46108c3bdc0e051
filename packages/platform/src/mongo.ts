import mongoose, { type Connection } from 'mongoose';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { deadlinePlugin } from './deadline.js';
import { detectEngine } from './engine.js';

mongoose.set('strictQuery', true);
// Reads inside a request carry the time the caller has left (maxTimeMS) and stop when it has gone.
mongoose.plugin(deadlinePlugin);

/**
 * Opens this service's own database (`<prefix><dbName>`: one database per service) and counts
 * every command it sends in `mongo_commands_total`. Code must run on MongoDB 7 and FerretDB 1.24:
 * no multi-document transactions, $lookup, $facet, $sample, $avg, $elemMatch, geo operators or TTL
 * indexes (see README, "Compatibility rule").
 */
export async function connectMongo(opts: { url: string; dbName: string; logger: Logger; metrics: Metrics }): Promise<Connection> {
  const conn = mongoose.createConnection(opts.url, {
    dbName: opts.dbName,
    monitorCommands: true,
    serverSelectionTimeoutMS: 10_000,
    autoIndex: true,
  });
  conn.on('error', (err: Error) => opts.logger.error({ err: { name: err.name, message: err.message } }, 'mongo connection error'));
  await conn.asPromise();
  conn.getClient().on('commandStarted', (e) => {
    opts.metrics.mongoCommands.inc({ db: e.databaseName, command: e.commandName });
  });
  const engine = await detectEngine(conn);
  opts.logger.info({ db: opts.dbName, engine }, 'mongo connected');
  return conn;
}

/** Builds every model's indexes (unique keys are how we keep invariants without transactions). */
export async function ensureIndexes(conn: Connection): Promise<void> {
  for (const model of Object.values(conn.models)) await model.init();
}

/** MongoDB's duplicate-key error code (FerretDB's message lacks the key name; the code is the same). */
const DUPLICATE_KEY = 11000;

/** True for a duplicate-key error, or a bulk write whose every failure is one. */
export function isDuplicateKeyError(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: { code?: number; err?: { code?: number } }[] };
  if (e?.writeErrors?.length) return e.writeErrors.every((w) => (w.code ?? w.err?.code) === DUPLICATE_KEY);
  return e?.code === DUPLICATE_KEY;
}

/** Inserts `docs` with ids derived from their content; a retry's documents already there are skipped. */
export async function insertIdempotent(
  model: { insertMany: (docs: unknown[], opts: { ordered: boolean }) => Promise<unknown> },
  docs: unknown[],
  batch = 500,
): Promise<void> {
  for (let i = 0; i < docs.length; i += batch) {
    try {
      await model.insertMany(docs.slice(i, i + batch), { ordered: false });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
}
