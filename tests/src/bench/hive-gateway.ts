// Hive Gateway with its Rust query planner (@graphql-hive/router-runtime), for the dashboard
// benchmark only: the same supergraph and subgraphs as our Apollo gateway, and a small plugin of
// ours that does what our gateway does for the subgraphs: verify the client's token (JWKS file,
// issuer, audience, ES256/RS256) and send the viewer in
// `x-jwh-identity`, signed with the gateway's key for each subgraph call (the subgraphs answer 401
// without it). Started as its own process by
// dashboard.bench.ts with the variables of hiveEnv().
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import {
  IDENTITY_HEADER,
  REQUEST_ID_HEADER,
  identitySigner,
  signIdentity,
  viewerFromClaims,
  type IdentitySigner,
  type Viewer,
} from '@jwh/platform';
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { hiveEnv } from './environment.js';

const env = hiveEnv();

interface IdentityContext {
  jwhViewer?: Viewer;
  jwhRequestId?: string;
}

/** Subgraph name by URL, from the supergraph's join__Graph (the identity's audience). */
const subgraphOf = (sdl: string) =>
  new Map([...sdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)].map((m) => [m[2]!, m[1]!]));

const unauthenticated = (message: string) => new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

/** Verifies `Authorization: Bearer <JWT>` once per request and signs the viewer for the subgraphs. */
export function jwhIdentityPlugin(opts: {
  jwksFile: string;
  issuer: string;
  audience: string;
  signer: IdentitySigner;
  subgraphs: Map<string, string>;
}): GatewayPlugin<IdentityContext> {
  const getKey = createLocalJWKSet(JSON.parse(readFileSync(opts.jwksFile, 'utf8')));
  return {
    async onContextBuilding({ context, extendContext }) {
      const header = context.request.headers.get('authorization');
      const match = header ? /^Bearer\s+([A-Za-z0-9._-]+)$/.exec(header) : null;
      if (!match) throw unauthenticated('请先登录 (a token is required)');
      let claims: Record<string, unknown>;
      try {
        ({ payload: claims } = await jwtVerify(match[1]!, getKey, {
          issuer: opts.issuer,
          audience: opts.audience,
          algorithms: ['RS256', 'ES256'],
          clockTolerance: 30,
        }));
      } catch {
        throw unauthenticated('未登录或令牌无效 (missing or invalid token)');
      }
      extendContext({ jwhViewer: viewerFromClaims(claims), jwhRequestId: randomUUID() });
    },
    async onFetch({ context, url, options, setOptions }) {
      const { jwhViewer, jwhRequestId } = (context ?? {}) as Partial<IdentityContext>;
      const audience = opts.subgraphs.get(url);
      if (!jwhViewer || !jwhRequestId || !audience) return;
      const headers = new Headers(options.headers as HeadersInit | undefined);
      headers.set(IDENTITY_HEADER, await signIdentity(jwhViewer, opts.signer, audience, jwhRequestId));
      headers.set(REQUEST_ID_HEADER, jwhRequestId);
      setOptions({ ...options, headers: Object.fromEntries(headers) });
    },
  };
}

const supergraph = readFileSync(env.SUPERGRAPH_FILE, 'utf8');
const signer = await identitySigner(env.IDENTITY_SIGNING_KEY);
const gateway = createGatewayRuntime<IdentityContext>({
  supergraph,
  unifiedGraphHandler,
  graphqlEndpoint: '/graphql',
  healthCheckEndpoint: '/health',
  landingPage: false,
  graphiql: false,
  logging: 'error',
  upstreamTimeout: env.SUBGRAPH_TIMEOUT_MS,
  plugins: () => [
    jwhIdentityPlugin({
      jwksFile: env.JWKS_FILE,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      signer,
      subgraphs: subgraphOf(supergraph),
    }),
  ],
});

const server = createServer(gateway);
server.listen(env.PORT, '127.0.0.1', () => process.stdout.write(`hive gateway listening on ${env.PORT}\n`));
const stop = () => server.close(() => void Promise.resolve(gateway.dispose()).finally(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
