import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import {
  AppError,
  ErrorCode,
  REQUEST_ID_HEADER,
  closeServer,
  createHttpApp,
  createLogger,
  createMetrics,
  listen,
  maskGatewayError,
  observabilityPlugin,
  requestIdFrom,
  identitySigner,
  ANONYMOUS_VIEWER,
  type Logger,
} from '@jwh/platform';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLFormattedError } from 'graphql';
import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import { costLimitError, operationCost } from './cost.js';
import { refuseBadScalars } from './scalars.js';
import { authenticate, createKeyResolver, isIntrospectionOnly, isPublicOperation, unauthenticated } from './auth.js';
import { opsBoard } from './ops-board.js';
import express from 'express';
import helmet from 'helmet';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { GatewayContext } from './context.js';
import { SubgraphDataSource } from './data-source.js';
import type { Environment } from './environment.js';
import { fileProxy } from './file-proxy.js';
import { inChinese } from './graphql-messages.js';
import { graphiqlRouter } from './graphiql.js';
import { webAppRouter } from './web-app.js';
import { SUBGRAPHS, SUPERGRAPH_FILE } from './subgraphs.js';

/** The operation limits (README, "Access"), each checked before any subgraph call. */
export const MAX_DEPTH = 12;
export const MAX_ALIASES = 15;
export const MAX_DIRECTIVES = 20;
export const MAX_TOKENS = 2_000;

/** graphql-js says the token limit in English only. */
const sayTokenLimit = (e: GraphQLFormattedError): GraphQLFormattedError =>
  /Document contains more th(?:an|at) \d+ tokens/.test(e.message)
    ? { ...e, message: `查询超过 ${MAX_TOKENS} 个词法单元 (token limit of ${MAX_TOKENS} exceeded)` }
    : e;

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
  const signer = await identitySigner(env.IDENTITY_SIGNING_KEY);
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'),
    buildService: ({ name }) => new SubgraphDataSource(name, urls[name]!, env.SUBGRAPH_TIMEOUT_MS, signer),
    logger: {
      debug: () => {},
      info: (m) => logger.info(String(m)),
      warn: (m) => logger.warn(String(m)),
      error: (m) => logger.error(String(m)),
    },
  });
  const production = env.NODE_ENV === 'production';
  const armor = new ApolloArmor({
    maxDepth: {
      n: MAX_DEPTH,
      ignoreIntrospection: true,
      exposeLimits: false,
      errorMessage: `查询嵌套超过 ${MAX_DEPTH} 层 (query depth limit of ${MAX_DEPTH} exceeded)`,
    },
    maxAliases: {
      n: MAX_ALIASES,
      exposeLimits: false,
      errorMessage: `别名超过 ${MAX_ALIASES} 个 (aliases limit of ${MAX_ALIASES} exceeded)`,
    },
    maxDirectives: {
      n: MAX_DIRECTIVES,
      exposeLimits: false,
      errorMessage: `指令超过 ${MAX_DIRECTIVES} 个 (directives limit of ${MAX_DIRECTIVES} exceeded)`,
    },
    // graphql-js counts tokens while it parses (parseOptions below): armor's own count ran in a
    // plugin hook whose errors, syntax errors included, became HTTP 500.
    maxTokens: { enabled: false },
    // Its cost ignores list sizes; ours (cost.ts) counts rows and runs below, with variables resolved.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: MAX_TOKENS },
    validationRules: armor.validationRules,
    formatError: (formatted) => maskGatewayError(inChinese(sayTokenLimit(formatted))),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ...(armor.plugins as ApolloServerPlugin<GatewayContext>[]),
      observabilityPlugin<GatewayContext>(metrics),
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ contextValue, operation, document, request, schema }) {
              if (!contextValue.viewer) {
                if (!operation || !(isIntrospectionOnly(operation) || isPublicOperation(operation)))
                  throw unauthenticated('请先登录 (a token is required)');
                // Public fields only (the notice board): the subgraphs get the fixed anonymous viewer,
                // whom their policies answer nothing else.
                if (!isIntrospectionOnly(operation)) contextValue.viewer = ANONYMOUS_VIEWER;
              }
              let cost: number;
              try {
                refuseBadScalars(schema, document, request.variables ?? {});
                cost = operationCost(schema, document, request.variables ?? {}, request.operationName ?? undefined);
              } catch (err) {
                // A bad `first`, variable, date or instant: the client's mistake (400), found before any subgraph call.
                if (err instanceof AppError) Object.assign(err.extensions, { http: { status: 400 } });
                throw err;
              }
              if (cost > env.MAX_OPERATION_COST) throw costLimitError(cost, env.MAX_OPERATION_COST);
              // The rate limit counts work, not requests: the request itself took one point in the context.
              const extra = Math.ceil(cost / env.COST_PER_RATE_POINT) - 1;
              if (extra > 0) await consume(contextValue.rateKey, extra);
            },
            // A request refused before execution is the client's mistake: 400, never 500 (graphql-armor's
            // token limit parses on its own and its syntax errors otherwise surface as 500).
            async willSendResponse({ response, errors }) {
              const codes = (errors ?? []).map((e) => e.extensions?.code);
              const refused =
                codes.length > 0 &&
                codes.every((c) => c === 'GRAPHQL_PARSE_FAILED' || c === 'GRAPHQL_VALIDATION_FAILED' || c === 'BAD_USER_INPUT');
              if (refused && response.body.kind === 'single' && !response.body.singleResult.data && (response.http.status ?? 500) >= 500)
                response.http.status = 400;
            },
          };
        },
      },
    ],
  });
  const getKey = createKeyResolver({ url: env.JWKS_URL, file: env.JWKS_FILE });
  const limiter = new RateLimiterMemory({ points: env.RATE_LIMIT_PER_MINUTE, duration: 60 });
  const consume = async (key: string, points: number) => {
    try {
      await limiter.consume(key, points);
    } catch (res) {
      const retryAfterSeconds = Math.max(1, Math.ceil(((res as RateLimiterRes).msBeforeNext ?? 60_000) / 1000));
      throw new AppError(
        `请求过于频繁,请 ${retryAfterSeconds} 秒后再试 (rate limit exceeded; retry in ${retryAfterSeconds} s)`,
        ErrorCode.RATE_LIMITED,
        {
          retryAfterSeconds,
          http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
        },
      );
    }
  };
  await apollo.start();

  const app = createHttpApp({
    metrics,
    logger,
    metricsToken: env.METRICS_TOKEN,
    health: async () => {
      const states = await Promise.all(SUBGRAPHS.map(async (s) => [s.name, await probe(urls[s.name]!)] as const));
      const up = states.filter(([, st]) => st === 'up').length;
      return {
        status: up === states.length ? 'ok' : up === 0 ? 'down' : 'degraded',
        service: 'gateway',
        subgraphs: Object.fromEntries(states),
      };
    },
  });
  if (env.TRUST_PROXY > 0) app.set('trust proxy', env.TRUST_PROXY);
  // No framing (clickjacking of /ops and GraphiQL), no MIME sniffing, no referrer, no plugins.
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        // Only this gateway's own assets (GraphiQL and the queue board are bundled; intranets reach no CDN).
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", "'unsafe-inline'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          workerSrc: ["'self'", 'blob:'],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
    }),
  );
  if (!production) app.use(graphiqlRouter());
  app.use(webAppRouter({ production, demoKeysDir: env.DEMO_SIGN_IN === 'true' && env.JWKS_FILE ? dirname(env.JWKS_FILE) : null, logger }));
  const rateLimit = (key: string) => consume(key, 1);
  const jwt = { issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE };
  const board = env.REDIS_URL
    ? opsBoard({ redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX, getKey, jwt, logger, production, rateLimit })
    : null;
  if (board) app.use(board.router);
  app.use(fileProxy({ urls, getKey, jwt, signer, logger, rateLimit }));
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GatewayContext> => {
        const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
        res.setHeader(REQUEST_ID_HEADER, requestId);
        const viewer = await authenticate(req.headers.authorization, getKey, { issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE });
        const rateKey = viewer ? `sub:${viewer.sub}` : `ip:${req.ip}`;
        await consume(rateKey, 1);
        return {
          rateKey,
          requestId,
          logger: logger.child({ requestId, role: viewer?.role }),
          viewer,
        };
      },
    }),
  );
  const { server, port } = await listen(app, env.PORT, env.HOST);
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
