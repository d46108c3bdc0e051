import {
  PiiCipher,
  closeServer,
  connectMongo,
  createHttpApp,
  createLogger,
  createMetrics,
  createWorker,
  installShutdown,
  listen,
  scrubPii,
  type QueueConnectionOptions,
} from '@jwh/shared';
import { UnrecoverableError, type Processor } from 'bullmq';
import type { ZodType } from 'zod';
import { loadEnvironment } from './environment.js';
import * as gridStats from './jobs/grid-stats.job.js';
import { QUEUES } from './jobs/queues.js';
import * as registerImport from './jobs/register-import.job.js';
import { registerModels } from './models/index.js';
import { RegisterFileError, runRegisterImport } from './services/register-import.service.js';

const env = loadEnvironment();
const logger = createLogger('people-grids-worker', env.LOG_LEVEL);
const metrics = createMetrics('people-grids-worker');
const conn = await connectMongo({ url: env.MONGO_URL, dbName: `${env.MONGO_DB_PREFIX}people_grids`, logger, metrics });
const models = registerModels(conn);
const cipher = new PiiCipher(env.PII_ENCRYPTION_KEY, env.PII_HASH_KEY);
const connection: QueueConnectionOptions = { redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX, logger };

/** A processor that refuses a malformed payload for good (no retries) and runs `run` otherwise. */
function validated<T>(schema: ZodType<T>, run: (payload: T) => Promise<unknown>): Processor<T> {
  return async (job) => {
    const parsed = schema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.issues[0]?.message}`);
    return run(parsed.data);
  };
}

const workers = [
  createWorker<gridStats.Payload>(QUEUES.gridStats, validated(gridStats.payloadSchema, (p) => gridStats.recountGridHouseholds(models, p)), connection),
  createWorker<registerImport.Payload>(
    QUEUES.registerImport,
    async (job) => {
      const parsed = registerImport.payloadSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError('invalid payload');
      try {
        return await runRegisterImport(conn, models, cipher, parsed.data.importJobId, logger);
      } catch (err) {
        // A file that cannot be read as a register fails at once; anything else is retried with
        // backoff (the import starts over, idempotently) and fails on the last attempt.
        const permanent = err instanceof RegisterFileError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        const failure = scrubPii((err as Error).message).slice(0, 300);
        await models.ImportJob.updateOne({ _id: parsed.data.importJobId }, { $set: permanent ? { status: 'FAILED', failure, finishedAt: new Date() } : { status: 'QUEUED', failure } }).exec();
        throw permanent ? new UnrecoverableError(failure) : new Error(failure);
      }
    },
    { ...connection, concurrency: 1 },
  ),
];
const app = createHttpApp({
  metrics,
  health: async () => {
    await conn.db!.admin().ping();
    return { status: workers.every((w) => w.isRunning()) ? 'ok' : 'down', service: 'people-grids-worker', queues: Object.values(QUEUES) };
  },
});
const { server, port } = await listen(app, env.PORT);
logger.info({ port, queues: Object.values(QUEUES) }, 'people-grids worker running');
installShutdown(logger, [
  { name: 'workers (finish or give back their jobs)', run: () => Promise.all(workers.map((w) => w.close())) },
  { name: 'database', run: () => conn.close() },
  { name: 'http server', run: () => closeServer(server) },
]);
