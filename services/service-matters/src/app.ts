import { startSubgraph, type Logger } from '@jwh/shared';
import { buildContext } from './context.js';
import type { Environment } from './environment.js';
import { registerModels } from './models/index.js';
import { policy } from './policy.js';
import { resolvers } from './resolvers/index.js';
import { typeDefs } from './schema.js';
import { seedDemoData } from './seed/demo-data.js';

/** Starts the service matters subgraph (used by index.ts and by the tests, in process). */
export function startServiceMatters(env: Environment, logger?: Logger) {
  return startSubgraph({
    name: 'service-matters',
    dbName: 'service_matters',
    env,
    typeDefs,
    resolvers,
    policy,
    registerModels,
    seed: seedDemoData,
    demoVersion: 3,
    redis: true,
    buildContext: (base) => buildContext(base, { peopleGridsUrl: env.PEOPLE_GRIDS_URL, queuePrefix: env.QUEUE_PREFIX }),
    logger,
  });
}
