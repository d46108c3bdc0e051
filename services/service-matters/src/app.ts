import { startSubgraph, type Logger } from '@jwh/platform';
import { buildContext } from './context.js';
import type { Environment } from './environment.js';
import { registerModels } from './models/index.js';
import { policy } from './policy.js';
import { resolvers } from './resolvers/index.js';
import { typeDefs } from './schema.js';
import { seedDemoData } from './seed/demo-data.js';
import { backfillReceivedMonth, moveLegacyCatalogue } from './services/backfill.js';

/** Starts the service matters subgraph (used by index.ts and by the tests, in process). */
export async function startServiceMatters(env: Environment, logger?: Logger) {
  const subgraph = await startSubgraph({
    name: 'service-matters',
    dbName: 'service_matters',
    env,
    typeDefs,
    resolvers,
    policy,
    registerModels,
    seed: seedDemoData,
    demoVersion: 4,
    redis: true,
    shared: () => ({
      shared: {
        peopleGridsUrl: env.PEOPLE_GRIDS_URL,
        volunteersUrl: env.VOLUNTEERS_URL,
        queuePrefix: env.QUEUE_PREFIX,
        communityStreets: new Map<string, string>(),
      },
    }),
    buildContext,
    logger,
  });
  // A catalogue from before per-street catalogues becomes the legacy street's (once per database).
  await moveLegacyCatalogue(subgraph.models, env.LEGACY_CATALOGUE_STREET).then((moved) => {
    if (moved) subgraph.logger.info({ moved, street: env.LEGACY_CATALOGUE_STREET }, 'matter catalogue moved into its street');
  });
  // Requests from before the month bucket get theirs (once per database; period figures wait for it).
  await backfillReceivedMonth(subgraph.models, subgraph.logger).catch((err: unknown) =>
    subgraph.logger.error({ err }, 'receivedMonth backfill failed'),
  );
  return subgraph;
}
