import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import {
  REQUEST_ID_HEADER,
  closeServer,
  createHttpApp,
  createLogger,
  createMetrics,
  listen,
  maskGatewayError,
  observabilityPlugin,
  requestIdFrom,
  type Logger,
} from '@jwh/shared';
import express from 'express';
import { readFileSync } from 'node:fs';
import type { GatewayContext } from './context.js';
import { SubgraphDataSource } from './data-source.js';
import type { Environment } from './environment.js';
import { graphiqlRouter } from './graphiql.js';
import { SUBGRAPHS, SUPERGRAPH_FILE } from './subgraphs.js';

/** Asks one subgraph's /health with a short deadline. */
async function probe(url: string): Promise<'up' | 'down'> {
  try {
    const res = await fetch(url.replace(/\/graphql$/, '/health'), { signal: AbortSignal.timeout(1_000) });
    return res.ok ? 'up' : 'down';
  } catch {
    return 'down';
  }
}

/** Starts the gateway over the committed supergraph (used by index.ts and by the tests). */
export async function startGateway(env: Environment, logger: Logger = createLogger('gateway', env.LOG_LEVEL)) {
  const metrics = createMetrics('gateway');
  const urls = Object.fromEntries(SUBGRAPHS.map((s) => [s.name, env[s.envVar]])) as Record<string, string>;
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'),
    buildService: ({ name }) => new SubgraphDataSource(name, urls[name]!, env.SUBGRAPH_TIMEOUT_MS),
    logger: { debug: () => {}, info: (m) => logger.info(String(m)), warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });
  const production = env.NODE_ENV === 'production';
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    formatError: maskGatewayError,
    plugins: [ApolloServerPluginLandingPageDisabled(), observabilityPlugin<GatewayContext>(metrics)],
  });
  await apollo.start();

  const app = createHttpApp({
    metrics,
    health: async () => {
      const states = await Promise.all(SUBGRAPHS.map(async (s) => [s.name, await probe(urls[s.name]!)] as const));
      const up = states.filter(([, st]) => st === 'up').length;
      return { status: up === states.length ? 'ok' : up === 0 ? 'down' : 'degraded', service: 'gateway', subgraphs: Object.fromEntries(states) };
    },
  });
  if (!production) app.use(graphiqlRouter());
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
        res.setHeader(REQUEST_ID_HEADER, requestId);
        return { requestId, logger: logger.child({ requestId }), authorization: req.headers.authorization };
      },
    }),
  );
  const { server, port } = await listen(app, env.PORT);
  logger.info({ port, subgraphs: Object.keys(urls), timeoutMs: env.SUBGRAPH_TIMEOUT_MS }, 'gateway listening');
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    metrics,
    logger,
    stop: async () => {
      await closeServer(server);
      await apollo.stop();
    },
  };
}
