import {
  closeServer,
  connectMongo,
  createHttpApp,
  createLogger,
  createMetrics,
  createQueue,
  createRedis,
  createWorker,
  installShutdown,
  listen,
  scrubPii,
  type QueueConnectionOptions,
} from '@jwh/shared';
import { UnrecoverableError, type Job } from 'bullmq';
import { loadEnvironment } from './environment.js';
import { runAudit } from './jobs/audit.job.js';
import { failDraw, runDraw, type JobDeps } from './jobs/draw.job.js';
import { auditPayload, drawPayload, QUEUES } from './jobs/queues.js';
import { registerModels } from './models/index.js';
import { repairAggregates } from './services/aggregates.js';
import { GraphClient } from './services/graph.js';

const env = loadEnvironment();
const logger = createLogger('evaluations-worker', env.LOG_LEVEL);
const metrics = createMetrics('evaluations-worker');
const conn = await connectMongo({ url: env.MONGO_URL, dbName: `${env.MONGO_DB_PREFIX}evaluations`, logger, metrics });
const models = registerModels(conn);
const redis = createRedis(env.REDIS_URL, 'client', logger);
const graph = new GraphClient({ peopleGrids: env.PEOPLE_GRIDS_URL, serviceMatters: env.SERVICE_MATTERS_URL }, env.INTERNAL_TOKEN_SECRET);
const deps: JobDeps = { models, graph, logger };
const connection: QueueConnectionOptions = { redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX, logger };
const isLastAttempt = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

const workers = [
  // Draws stream their population from the graph: one at a time per worker process.
  createWorker(
    QUEUES.sampling,
    async (job) => {
      if (job.name === 'draw') {
        const parsed = drawPayload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError('invalid payload');
        try {
          return await runDraw(deps, parsed.data.drawId, job);
        } catch (err) {
          await failDraw(models, parsed.data.drawId, err, isLastAttempt(job));
          throw err;
        }
      }
      if (job.name === 'audit') {
        const parsed = auditPayload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError('invalid payload');
        try {
          return await runAudit(deps, parsed.data.auditId);
        } catch (err) {
          if (isLastAttempt(job))
            await models.Audit.updateOne(
              { _id: parsed.data.auditId },
              { $set: { status: 'FAILED', failure: scrubPii((err as Error).message).slice(0, 300) } },
            ).exec();
          throw err;
        }
      }
      throw new UnrecoverableError(`unknown job ${job.name}`);
    },
    { ...connection, concurrency: 1 },
  ),
  createWorker(QUEUES.repair, () => repairAggregates({ models, redis, queuePrefix: env.QUEUE_PREFIX }), { ...connection, concurrency: 1 }),
];
// Every 5 minutes, the responses and reviews a crash left out of the running totals are applied.
const repairQueue = createQueue(QUEUES.repair, connection);
await repairQueue.upsertJobScheduler('repair-aggregates', { every: 5 * 60_000 }, { name: 'repair' });

const app = createHttpApp({
  metrics,
  health: async () => {
    await conn.db!.admin().ping();
    return { status: workers.every((w) => w.isRunning()) ? 'ok' : 'down', service: 'evaluations-worker', queues: Object.values(QUEUES) };
  },
});
const { server, port } = await listen(app, env.PORT);
logger.info({ port, queues: Object.values(QUEUES) }, 'evaluations worker running');
installShutdown(logger, [
  { name: 'workers (finish or give back their jobs)', run: () => Promise.all(workers.map((w) => w.close())) },
  { name: 'queues and redis', run: async () => (await repairQueue.close(), await redis.quit()) },
  { name: 'database', run: () => conn.close() },
  { name: 'http server', run: () => closeServer(server) },
]);
