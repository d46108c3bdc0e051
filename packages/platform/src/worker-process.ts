import { UnrecoverableError, type Processor } from 'bullmq';
import type { Connection } from 'mongoose';
import { openChangeLog, type ChangeRecordModel } from './change-log.js';
import type { ZodType } from 'zod';
import { closeServer, createHttpApp, listen } from './http.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { connectMongo } from './mongo.js';
import type { QueueConnectionOptions } from './queue.js';
import { installShutdown, type ShutdownStep } from './shutdown.js';

/** What a worker process's configuration has (every service's environment shape includes it). */
export interface ProcessEnv {
  LOG_LEVEL: string;
  PORT: number;
  HOST: string;
  METRICS_TOKEN?: string;
  MONGO_URL: string;
  MONGO_DB_PREFIX: string;
  REDIS_URL: string;
  QUEUE_PREFIX: string;
}
/** A worker process needs only what every process has. */
export type WorkerEnv = ProcessEnv;

/** The start of every worker process: logger, metrics, its service's database, queue connection options. */
export async function openWorkerProcess(
  name: string,
  env: WorkerEnv,
  dbName: string,
): Promise<{ logger: Logger; metrics: Metrics; conn: Connection; changeLog: ChangeRecordModel; connection: QueueConnectionOptions }> {
  const logger = createLogger(name, env.LOG_LEVEL);
  const metrics = createMetrics(name);
  const conn = await connectMongo({ url: env.MONGO_URL, dbName: `${env.MONGO_DB_PREFIX}${dbName}`, logger, metrics });
  const changeLog = openChangeLog(conn, env.MONGO_DB_PREFIX);
  return { logger, metrics, conn, changeLog, connection: { redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX, logger } };
}

/**
 * The rest: /health (database reachable, every worker running) and /metrics on PORT, and the
 * ordered graceful shutdown: the workers stop taking jobs, `first` (e.g. stop a poller), the
 * workers finish their jobs (the others stay in the queue), `then` (queues, clients), the
 * database, the HTTP server.
 */
export async function serveWorkerProcess(o: {
  name: string;
  env: WorkerEnv;
  logger: Logger;
  metrics: Metrics;
  conn: Connection;
  workers: { isRunning(): boolean; close(): Promise<void> }[];
  queues: readonly string[];
  first?: ShutdownStep[];
  then?: ShutdownStep[];
  details?: Record<string, unknown>;
}): Promise<void> {
  const app = createHttpApp({
    metrics: o.metrics,
    logger: o.logger,
    metricsToken: o.env.METRICS_TOKEN,
    health: async () => {
      await o.conn.db!.admin().ping();
      return { status: o.workers.every((w) => w.isRunning()) ? 'ok' : 'down', service: o.name, queues: o.queues };
    },
  });
  const { server, port } = await listen(app, o.env.PORT, o.env.HOST);
  o.logger.info({ port, queues: o.queues, ...o.details }, `${o.name} running`);
  // Workers stop taking jobs as soon as the signal comes: one taken while `first` runs could
  // outlast the shutdown timeout and be left to stall.
  let closing: Promise<unknown> | null = null;
  const closeWorkers = () => (closing ??= Promise.all(o.workers.map((w) => w.close())));
  installShutdown(o.logger, [
    { name: 'workers stop taking jobs', run: async () => void closeWorkers().catch(() => undefined) },
    ...(o.first ?? []),
    { name: 'workers (finish or give back their jobs)', run: closeWorkers },
    ...(o.then ?? []),
    { name: 'database', run: () => o.conn.close() },
    { name: 'http server', run: () => closeServer(server) },
  ]);
}

/** A processor that refuses a malformed payload for good (no retries) and runs `run` otherwise. */
export function validated<T>(schema: ZodType<T>, run: (payload: T) => Promise<unknown>): Processor<T> {
  return async (job) => {
    const parsed = schema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.issues[0]?.message}`);
    return run(parsed.data);
  };
}
