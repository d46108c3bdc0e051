import { startSubgraph, type Logger, type SubgraphEnv } from '@jwh/shared';
import { buildContext } from './context.js';
import { registerModels } from './models/index.js';
import { resolvers } from './resolvers/index.js';
import { typeDefs } from './schema.js';
import { seedDemoData } from './seed/demo-data.js';

/** Starts the volunteers & social organisations subgraph (used by index.ts and by the tests, in process). */
export function startVolunteers(env: SubgraphEnv, logger?: Logger) {
  return startSubgraph({ name: 'volunteers', dbName: 'volunteers', env, typeDefs, resolvers, registerModels, seed: seedDemoData, buildContext, logger });
}
