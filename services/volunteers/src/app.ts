import { startSubgraph, type Logger } from '@jwh/shared';
import type { Environment } from './environment.js';
import { buildContext } from './context.js';
import { registerModels } from './models/index.js';
import { policy } from './policy.js';
import { resolvers } from './resolvers/index.js';
import { typeDefs } from './schema.js';
import { seedDemoData } from './seed/demo-data.js';

/** Starts the volunteers & social organisations subgraph (used by index.ts and by the tests, in process). */
export function startVolunteers(env: Environment, logger?: Logger) {
  return startSubgraph({ name: 'volunteers', dbName: 'volunteers', env, typeDefs, resolvers, policy, registerModels, seed: seedDemoData, demoVersion: 2, buildContext, logger });
}
