import { PiiCipher, createQueue, startSubgraph, type Logger } from '@jwh/platform';
import type { Queue } from 'bullmq';
import { buildContext, type Queues } from './context.js';
import type { Environment } from './environment.js';
import { fileRoutes } from './http/files.routes.js';
import { QUEUES } from './jobs/queues.js';
import { registerModels } from './models/index.js';
import { policy } from './policy.js';
import { resolvers } from './resolvers/index.js';
import { typeDefs } from './schema.js';
import { seedDemoData } from './seed/demo-data.js';
import { FacilityIndex } from './services/facility-index.js';

/** Starts the people & grids subgraph (used by index.ts and by the tests, in process). */
export async function startPeopleGrids(env: Environment, logger?: Logger) {
  const cipher = new PiiCipher(env.PII_ENCRYPTION_KEY, env.PII_HASH_KEY);
  return startSubgraph({
    name: 'people-grids',
    dbName: 'people_grids',
    env,
    typeDefs,
    resolvers,
    policy,
    registerModels,
    seed: (models, log) => seedDemoData(models, log, cipher, env.DEMO_SCALE),
    demoVersion: 5,
    shared: (deps) => {
      const redis = { redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX, logger: deps.logger };
      // Ops queues are opened when an ops field first asks (a Redis connection each), not at start.
      const all = new Map<string, Queue>();
      const ops = (name: string) => all.get(name) ?? all.set(name, createQueue(name, redis)).get(name)!;
      const queues: Queues = { registerImport: createQueue(QUEUES.registerImport, redis), all, ops };
      const facilities = new FacilityIndex(deps.models);
      return {
        shared: {
          cipher,
          offDeskTarget: env.OFF_DESK_TARGET,
          conn: deps.conn,
          queues,
          facilities,
          serviceMattersUrl: env.SERVICE_MATTERS_URL ?? null,
        },
        close: async () => {
          await queues.registerImport.close();
          await Promise.all([...all.values()].map((q) => q.close()));
        },
      };
    },
    extraRoutes: (app, deps) => fileRoutes(app, { ...deps, cipher }),
    buildContext,
    logger,
  });
}
