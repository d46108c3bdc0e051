import mongoose, { type Connection } from 'mongoose';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

mongoose.set('strictQuery', true);

/**
 * Opens this service's own database (`<prefix><dbName>`: one database per service) and counts
 * every command it sends in `mongo_commands_total`. Code must run on MongoDB 7 and FerretDB 1.24:
 * no multi-document transactions, $lookup, $facet, $sample, $avg, $elemMatch, geo operators or TTL
 * indexes (see README, "Compatibility rule").
 */
export async function connectMongo(opts: {
  url: string;
  dbName: string;
  logger: Logger;
  metrics: Metrics;
}): Promise<Connection> {
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
  opts.logger.info({ db: opts.dbName }, 'mongo connected');
  return conn;
}

/** Builds every model's indexes (unique keys are how we keep invariants without transactions). */
export async function ensureIndexes(conn: Connection): Promise<void> {
  for (const model of Object.values(conn.models)) await model.init();
}
