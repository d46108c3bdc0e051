import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
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
  signIdentity,
  type Logger,
} from '@jwh/shared';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { authenticate, createKeyResolver, isIntrospectionOnly, unauthenticated } from './auth.js';
import { opsBoard } from './ops-board.js';
import express from 'express';
import { readFileSync } from 'node:fs';
import type { GatewayContext } from './context.js';
import { SubgraphDataSource } from './data-source.js';
import type { Environment } from './environment.js';
import { fileProxy } from './file-proxy.js';
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
  const armor = new ApolloArmor({
    maxDepth: { n: 12, ignoreIntrospection: true },
    maxAliases: { n: 15 },
    maxTokens: { n: 2_000 },
    maxDirectives: { n: 20 },
    // graphql-armor's cost grows by 1.5× a level and ignores list sizes: 5,000 already refused ordinary 5-level queries.
    costLimit: { maxCost: 100_000, ignoreIntrospection: true },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    validationRules: armor.validationRules,
    formatError: maskGatewayError,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ...(armor.plugins as ApolloServerPlugin<GatewayContext>[]),
      observabilityPlugin<GatewayContext>(metrics),
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ contextValue, operation }) {
              if (!contextValue.viewer && (!operation || !isIntrospectionOnly(operation))) throw unauthenticated('请先登录 (a token is required)');
            },
          };
        },
      },
    ],
  });
  const getKey = createKeyResolver({ url: env.JWKS_URL, file: env.JWKS_FILE });
  const limiter = new RateLimiterMemory({ points: env.RATE_LIMIT_PER_MINUTE, duration: 60 });
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
  const board = env.REDIS_URL ? opsBoard({ redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX, getKey, jwt: { issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE }, logger, production }) : null;
  if (board) app.use(board.router);
  app.use(fileProxy({ urls, getKey, jwt: { issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE }, internalSecret: env.INTERNAL_TOKEN_SECRET, logger }));
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GatewayContext> => {
        const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
        res.setHeader(REQUEST_ID_HEADER, requestId);
        const viewer = await authenticate(req.headers.authorization, getKey, { issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE });
        try {
          await limiter.consume(viewer ? `sub:${viewer.sub}` : `ip:${req.ip}`);
        } catch {
          throw new GraphQLError('请求过于频繁,请稍后再试 (rate limit exceeded)', { extensions: { code: 'RATE_LIMITED', http: { status: 429 } } });
        }
        return {
          requestId,
          logger: logger.child({ requestId, role: viewer?.role }),
          authorization: req.headers.authorization,
          viewer,
          identity: viewer ? await signIdentity(viewer, env.INTERNAL_TOKEN_SECRET) : null,
        };
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
      await Promise.all(board?.queues.map((q) => q.close()) ?? []);
    },
  };
}
