import { PiiCipher, startSubgraph, type Logger } from '@jwh/shared';
import { buildContext } from './context.js';
import type { Environment } from './environment.js';
import { registerModels } from './models/index.js';
import { policy } from './policy.js';
import { resolvers } from './resolvers/index.js';
import { typeDefs } from './schema.js';
import { seedDemoData } from './seed/demo-data.js';

/** Starts the people & grids subgraph (used by index.ts and by the tests, in process). */
export function startPeopleGrids(env: Environment, logger?: Logger) {
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
    demoVersion: 3,
    buildContext: (base) => buildContext(base, cipher, env.OFF_DESK_TARGET),
    logger,
  });
}
