// Hive Gateway with its Rust query planner (@graphql-hive/router-runtime), for the dashboard
// benchmark only: the same supergraph and subgraphs as our Apollo gateway, and a small plugin of
// ours that does what our gateway does for the subgraphs: verify the client's token (JWKS file,
// issuer, audience, ES256/RS256) and send the viewer signed with the internal secret in
// `x-jwh-identity` (the subgraphs answer 401 without it). Started as its own process by
// dashboard.bench.ts with the variables of hiveEnv().
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { IDENTITY_HEADER, signIdentity } from '@jwh/shared';
import { GraphQLError } from 'graphql';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { hiveEnv } from './environment.js';
import { viewerFromClaims } from './identity.js';

const env = hiveEnv();

interface IdentityContext {
  jwhIdentity?: string;
  jwhAuthorization?: string;
}

const unauthenticated = (message: string) => new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

/** Verifies `Authorization: Bearer <JWT>` once per request and signs the viewer for the subgraphs. */
export function jwhIdentityPlugin(opts: { jwksFile: string; issuer: string; audience: string; internalSecret: string }): GatewayPlugin<IdentityContext> {
  const getKey = createLocalJWKSet(JSON.parse(readFileSync(opts.jwksFile, 'utf8')));
  return {
    async onContextBuilding({ context, extendContext }) {
      const header = context.request.headers.get('authorization');
      const match = header ? /^Bearer\s+([A-Za-z0-9._-]+)$/.exec(header) : null;
      if (!match) throw unauthenticated('请先登录 (a token is required)');
      let claims: Record<string, unknown>;
      try {
        ({ payload: claims } = await jwtVerify(match[1]!, getKey, { issuer: opts.issuer, audience: opts.audience, algorithms: ['RS256', 'ES256'], clockTolerance: 30 }));
      } catch {
        throw unauthenticated('未登录或令牌无效 (missing or invalid token)');
      }
      extendContext({ jwhIdentity: await signIdentity(viewerFromClaims(claims), opts.internalSecret), jwhAuthorization: header! });
    },
    onFetch({ context, options, setOptions }) {
      const { jwhIdentity, jwhAuthorization } = (context ?? {}) as Partial<IdentityContext>;
      if (!jwhIdentity) return;
      const headers = new Headers(options.headers as HeadersInit | undefined);
      headers.set(IDENTITY_HEADER, jwhIdentity);
      if (jwhAuthorization) headers.set('authorization', jwhAuthorization);
      setOptions({ ...options, headers: Object.fromEntries(headers) });
    },
  };
}

const gateway = createGatewayRuntime<IdentityContext>({
  supergraph: readFileSync(env.SUPERGRAPH_FILE, 'utf8'),
  unifiedGraphHandler,
  graphqlEndpoint: '/graphql',
  healthCheckEndpoint: '/health',
  landingPage: false,
  graphiql: false,
  logging: 'error',
  upstreamTimeout: env.SUBGRAPH_TIMEOUT_MS,
  plugins: () => [jwhIdentityPlugin({ jwksFile: env.JWKS_FILE, issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE, internalSecret: env.INTERNAL_TOKEN_SECRET })],
});

const server = createServer(gateway);
server.listen(env.PORT, '127.0.0.1', () => process.stdout.write(`hive gateway listening on ${env.PORT}\n`));
const stop = () => server.close(() => void Promise.resolve(gateway.dispose()).finally(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
