import { createQueue, identitySigner, startSubgraph, type Logger } from '@jwh/platform';
import type { Environment } from './environment.js';
import { buildContext } from './context.js';
import { QUEUES } from './jobs/queues.js';
import { registerModels } from './models/index.js';
import { policy } from './policy.js';
import { resolvers } from './resolvers/index.js';
import { typeDefs } from './schema.js';
import { seedDemoData } from './seed/demo-data.js';
import { builtInSurvey } from './services/survey.service.js';
import { GraphClient } from './services/graph.js';

/** Starts the evaluations subgraph (used by index.ts and by the tests, in process). */
export async function startEvaluations(env: Environment, logger?: Logger) {
  const graph = new GraphClient(
    { peopleGrids: env.PEOPLE_GRIDS_URL, serviceMatters: env.SERVICE_MATTERS_URL },
    env.IDENTITY_SIGNING_KEY ? await identitySigner(env.IDENTITY_SIGNING_KEY) : null,
  );
  const subgraph = await startSubgraph({
    name: 'evaluations',
    dbName: 'evaluations',
    env,
    typeDefs,
    resolvers,
    policy,
    registerModels,
    seed: seedDemoData,
    demoVersion: 3,
    redis: true,
    shared: (deps) => {
      const sampling = createQueue(QUEUES.sampling, { redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX, logger: deps.logger });
      return { shared: { graph, queuePrefix: env.QUEUE_PREFIX, sampling }, close: () => sampling.close() };
    },
    buildContext,
    logger,
  });
  // The built-in survey is stored once at start, so reading the surveys never writes.
  await builtInSurvey(subgraph.models);
  return subgraph;
}
