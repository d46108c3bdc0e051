import { connectMongo, createHttpApp, createLogger, createMetrics, createWorker, installShutdown, listen, closeServer } from '@jwh/shared';
import { UnrecoverableError } from 'bullmq';
import { loadEnvironment } from './environment.js';
import * as gridStats from './jobs/grid-stats.job.js';
import { QUEUES } from './jobs/queues.js';
import { registerModels } from './models/index.js';

const env = loadEnvironment();
const logger = createLogger('people-grids-worker', env.LOG_LEVEL);
const metrics = createMetrics('people-grids-worker');
const conn = await connectMongo({ url: env.MONGO_URL, dbName: `${env.MONGO_DB_PREFIX}people_grids`, logger, metrics });
const models = registerModels(conn);
const worker = createWorker<gridStats.Payload>(
  QUEUES.gridStats,
  async (job) => {
    const parsed = gridStats.payloadSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.issues[0]?.message}`);
    return gridStats.recountGridHouseholds(models, parsed.data);
  },
  { redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX, logger },
);
const app = createHttpApp({
  metrics,
  health: async () => {
    await conn.db!.admin().ping();
    return { status: worker.isRunning() ? 'ok' : 'down', service: 'people-grids-worker', queues: [QUEUES.gridStats] };
  },
});
const { server, port } = await listen(app, env.PORT);
logger.info({ port, queues: [QUEUES.gridStats] }, 'people-grids worker running');
installShutdown(logger, [
  { name: 'worker (finishes or gives back its job)', run: () => worker.close() },
  { name: 'database', run: () => conn.close() },
  { name: 'http server', run: () => closeServer(server) },
]);
