import { redisReady, startSubgraph, type Logger } from '@jwh/platform';
import { buildContext } from './context.js';
import type { Environment } from './environment.js';
import { registerModels } from './models/index.js';
import { policy } from './policy.js';
import { resolvers } from './resolvers/index.js';
import { settlementRoutes } from './http/settlement.routes.js';
import { typeDefs } from './schema.js';
import { seedDemoData } from './seed/demo-data.js';
import { buildLeaderboardsOnce } from './services/leaderboard-tally.js';

/** Starts the volunteers & social organisations subgraph (used by index.ts and by the tests, in process). */
export function startVolunteers(env: Environment, logger?: Logger) {
  return startSubgraph({
    name: 'volunteers',
    dbName: 'volunteers',
    env,
    typeDefs,
    resolvers,
    policy,
    registerModels,
    seed: seedDemoData,
    demoVersion: 8,
    redis: true,
    extraRoutes: (app, deps) => settlementRoutes(app, { ...deps, queuePrefix: env.QUEUE_PREFIX }),
    shared: async (deps) => {
      // A database from before the points leaderboards gets them from its ledger, once (the demo's too).
      // A failed build leaves no marker: it is tried again at the next start (the boards fill in with each earning meanwhile).
      // The client queues no command before it connects: the build waits for it (a start under load lost the boards otherwise).
      await redisReady(deps.redis!)
        .then(() => buildLeaderboardsOnce({ models: deps.models, redis: deps.redis!, queuePrefix: env.QUEUE_PREFIX }, deps.logger))
        .catch((err: unknown) => deps.logger.error({ err }, 'points leaderboards not built from the ledger'));
      return {
        shared: { queuePrefix: env.QUEUE_PREFIX, peopleGridsUrl: env.PEOPLE_GRIDS_URL, mealCardMinAge: env.MEAL_CARD_MIN_AGE },
      };
    },
    buildContext,
    logger,
  });
}
