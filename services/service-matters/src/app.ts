import { startSubgraph, type Logger, type SubgraphEnv } from '@jwh/shared';
import { buildContext } from './context.js';
import { registerModels } from './models/index.js';
import { resolvers } from './resolvers/index.js';
import { typeDefs } from './schema.js';
import { seedDemoData } from './seed/demo-data.js';

/** Starts the service matters subgraph (used by index.ts and by the tests, in process). */
export function startServiceMatters(env: SubgraphEnv, logger?: Logger) {
  return startSubgraph({ name: 'service-matters', dbName: 'service_matters', env, typeDefs, resolvers, registerModels, seed: seedDemoData, buildContext, logger });
}
