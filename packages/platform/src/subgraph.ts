import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import express, { type Express, type Request, type RequestHandler } from 'express';
import type { DocumentNode } from 'graphql';
import type { Connection } from 'mongoose';
import { observabilityPlugin } from './apollo-plugins.js';
import { identitySigner, identityVerifier, requireIdentity, serviceViewer, signIdentity, type Viewer } from './auth.js';
import { createRedis, type Redis } from './redis.js';
import { REQUEST_ID_HEADER, requestIdFrom, type SubgraphBaseContext } from './context.js';
import { anonymousOperationsPlugin, applyPolicy, type Policy } from './policy.js';
import { maskError } from './errors.js';
import { closeServer, createHttpApp, listen } from './http.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { connectMongo, ensureIndexes } from './mongo.js';
import { requestBudget } from './deadline.js';
import { recordQueryShapes } from './query-shapes.js';
import { openChangeLog, type ChangeRecordModel } from './change-log.js';
import type { ProcessEnv } from './worker-process.js';

/** The configuration every subgraph process shares (see `baseEnvShape`, `storageEnvShape`). */
export interface SubgraphEnv extends ProcessEnv {
  NODE_ENV: 'development' | 'test' | 'production';
  SEED_DEMO: boolean;
  IDENTITY_PUBLIC_KEYS: string;
  IDENTITY_SIGNING_KEY?: string;
}

/** What a subgraph's start-up hooks (`shared`, `extraRoutes`) get once the database is up. */
export interface SubgraphDeps<M> {
  models: M;
  conn: Connection;
  /** The shared change log (see `openChangeLog`). */
  changeLog: ChangeRecordModel;
  logger: Logger;
  /** Verifies the gateway-signed identity into `res.locals.viewer`: put it first on every extra route. */
  identity: RequestHandler;
  redis: Redis | null;
}

/** What every request of a subgraph shares (queues, clients), opened once at start; `close` runs on stop. */
export interface SharedResources<S> {
  shared: S;
  close?: () => Promise<void>;
}

/** What `startSubgraph` gives a subgraph's `buildContext` for one request. */
export type SubgraphRequestBase<M> = SubgraphBaseContext & { models: M; req: Request; redis: Redis | null };

/**
 * A subgraph's request context: the base every request has (request id, logger, viewer, identity,
 * models), what all requests share, and `perRequest`, made fresh for this request (loaders:
 * batching never crosses requests or viewers).
 */
export function requestContext<M, S extends object, P extends object>(
  base: SubgraphRequestBase<M>,
  shared: S,
  perRequest: P,
): SubgraphBaseContext & { models: M } & S & P {
  return {
    requestId: base.requestId,
    logger: base.logger,
    viewer: base.viewer,
    identity: base.identity,
    changeLog: base.changeLog,
    models: base.models,
    ...shared,
    ...perRequest,
  };
}

/**
 * `requestContext` with the request's Redis (for a subgraph whose environment requires one) and its
 * own DataLoaders from `createLoaders`: fresh per request, so batching never crosses requests or viewers.
 */
export function requestContextWithLoaders<M, S extends object, L>(
  base: SubgraphRequestBase<M>,
  shared: S,
  createLoaders: (models: M, viewer: Viewer) => L,
): SubgraphBaseContext & { models: M } & S & { redis: Redis; loaders: L } {
  return requestContext(base, shared, { redis: base.redis!, loaders: createLoaders(base.models, base.viewer) });
}

export interface SubgraphOptions<M, C extends SubgraphBaseContext, S = undefined> {
  /** Service name in logs and metrics, e.g. `people-grids`. */
  name: string;
  /** This service's own database name (before the prefix), e.g. `people_grids`. */
  dbName: string;
  env: SubgraphEnv;
  typeDefs: DocumentNode;
  /** The resolver map (a subgraph's generated `Resolvers` type checks it against the schema). */
  resolvers: object;
  /** Access rules of every root field and of every guarded or personal-data field. */
  policy: Policy;
  /** Registers this service's mongoose models on its connection. */
  registerModels: (conn: Connection) => M;
  /**
   * Loads the deterministic demo data set when SEED_DEMO is set and the database is empty. A seed
   * that writes through the services records its changes in `changeLog` (as a job does).
   */
  seed?: (models: M, logger: Logger, deps: { changeLog: ChangeRecordModel }) => Promise<void>;
  /**
   * Version of the demo data set (default 1). A database the demo loader made with another
   * version is dropped and loaded again; a database without the demo marker is never touched.
   */
  demoVersion?: number;
  /**
   * Mounts HTTP routes besides /graphql (file uploads, exports). `identity` is the middleware that
   * verifies the gateway-signed identity into `res.locals.viewer`: put it first on every route.
   */
  extraRoutes?: (app: Express, deps: SubgraphDeps<M>) => void;
  /** Open a Redis client for the subgraph (counters, locks, the reminders it schedules); closed on stop. Default false. */
  redis?: boolean;
  /**
   * Opens what every request shares (queues, clients, indexes) once the database and Redis are up,
   * before any route; its `close` runs on stop, after the server and connections. Default: nothing.
   */
  shared?: (deps: SubgraphDeps<M>) => SharedResources<S> | Promise<SharedResources<S>>;
  /** Builds the per-request context from the request's base and `shared` (loaders are created here, once per request). */
  buildContext: (base: SubgraphRequestBase<M>, shared: S) => C | Promise<C>;
  logger?: Logger;
  /** Longest a request may keep the database busy, when the caller sends no shorter `x-deadline-ms`. Default 10 s. */
  maxRequestMs?: number;
}

export interface RunningSubgraph<M> {
  url: string;
  port: number;
  models: M;
  conn: Connection;
  metrics: Metrics;
  logger: Logger;
  /** Stops taking requests, lets in-flight ones finish, closes the database connection. */
  stop: () => Promise<void>;
}

const DEMO_MARKER = '_demo_data';

async function resetStaleDemoData(conn: Connection, version: number, logger: Logger): Promise<void> {
  const marker = await conn.collection<{ _id: string; version: number }>(DEMO_MARKER).findOne({ _id: 'demo' });
  if (marker && marker.version !== version) {
    logger.warn({ from: marker.version, to: version }, 'demo data set changed: reloading it');
    await conn.dropDatabase();
  }
}

/** Boots a Federation 2 subgraph: database, indexes, demo data, HTTP with /graphql, /health, /metrics. */
export async function startSubgraph<M, C extends SubgraphBaseContext, S = undefined>(
  opts: SubgraphOptions<M, C, S>,
): Promise<RunningSubgraph<M>> {
  const logger = opts.logger ?? createLogger(opts.name, opts.env.LOG_LEVEL);
  const metrics = createMetrics(opts.name);
  const conn = await connectMongo({ url: opts.env.MONGO_URL, dbName: `${opts.env.MONGO_DB_PREFIX}${opts.dbName}`, logger, metrics });
  const models = opts.registerModels(conn);
  const changeLog = openChangeLog(conn, opts.env.MONGO_DB_PREFIX);
  if (opts.env.SEED_DEMO && opts.seed) await resetStaleDemoData(conn, opts.demoVersion ?? 1, logger);
  await ensureIndexes(conn);
  await changeLog.init();
  if (opts.env.SEED_DEMO && opts.seed) {
    await opts.seed(models, logger, { changeLog });
    await conn
      .collection<{ _id: string; version: number }>(DEMO_MARKER)
      .updateOne({ _id: 'demo' }, { $set: { version: opts.demoVersion ?? 1 } }, { upsert: true });
  }

  const app = createHttpApp({
    metrics,
    logger,
    metricsToken: opts.env.METRICS_TOKEN,
    health: async () => {
      const started = Date.now();
      await conn.db!.admin().ping();
      return { status: 'ok', service: opts.name, mongo: { ok: true, ms: Date.now() - started } };
    },
  });
  const apollo = new ApolloServer<C>({
    schema: buildSubgraphSchema({
      typeDefs: opts.typeDefs,
      resolvers: applyPolicy(
        opts.typeDefs,
        opts.resolvers as Record<string, Record<string, unknown>>,
        opts.policy,
      ) as GraphQLResolverMap<unknown>,
    }),
    introspection: opts.env.NODE_ENV !== 'production',
    includeStacktraceInErrorResponses: false,
    formatError: maskError,
    plugins: [ApolloServerPluginInlineTraceDisabled(), observabilityPlugin<C>(metrics), anonymousOperationsPlugin<C>()],
  });
  await apollo.start();
  const redis = opts.redis ? createRedis(opts.env.REDIS_URL, 'client', logger) : null;
  if (opts.env.NODE_ENV !== 'production') {
    // What this subgraph asked the database since the last call (shapes only, no values): the
    // query-shape test checks each is pushed down by FerretDB and served by a declared index.
    const recorder = recordQueryShapes(conn);
    app.get('/debug/query-shapes', (_req, res) => {
      res.json({ db: conn.name, shapes: recorder.take() });
    });
  }
  const verifier = identityVerifier(opts.env.IDENTITY_PUBLIC_KEYS, opts.name);
  const signer = opts.env.IDENTITY_SIGNING_KEY ? await identitySigner(opts.env.IDENTITY_SIGNING_KEY) : null;
  const deps: SubgraphDeps<M> = { models, conn, changeLog, logger, identity: requireIdentity(verifier), redis };
  const resources = opts.shared ? await opts.shared(deps) : { shared: undefined as S };
  opts.extraRoutes?.(app, deps);
  app.use(
    '/graphql',
    requireIdentity(verifier),
    express.json({ limit: '1mb' }),
    requestBudget(opts.maxRequestMs ?? 10_000),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
        res.setHeader(REQUEST_ID_HEADER, requestId);
        const viewer = res.locals.viewer as Viewer;
        const identity = async (audience: string) => {
          if (!signer) throw new Error(`${opts.name} has no IDENTITY_SIGNING_KEY to read ${audience} with`);
          return signIdentity(serviceViewer(opts.name, viewer), signer, audience, requestId);
        };
        return opts.buildContext(
          { requestId, logger: logger.child({ requestId, role: viewer.role }), viewer, identity, changeLog, models, req, redis },
          resources.shared,
        );
      },
    }),
  );
  const { server, port } = await listen(app, opts.env.PORT, opts.env.HOST);
  logger.info({ port }, `${opts.name} subgraph listening`);
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    port,
    models,
    conn,
    metrics,
    logger,
    stop: async () => {
      await closeServer(server);
      await apollo.stop();
      await conn.close();
      await redis?.quit();
      await resources.close?.();
    },
  };
}
