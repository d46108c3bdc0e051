import { baseEnvShape, identitySigningKey, loadEnv } from '@jwh/platform';
import { z } from 'zod';

const subgraphUrl = z
  .string()
  .url()
  .regex(/^https?:\/\//, 'must be an http(s) URL');

/** Every variable the gateway reads (README lists them). */
export const envShape = {
  ...baseEnvShape,
  PORT: baseEnvShape.PORT.default(4000),
  /** The gateway faces clients: all interfaces by default. */
  HOST: baseEnvShape.HOST.default('0.0.0.0'),
  SUBGRAPH_PEOPLE_GRIDS_URL: subgraphUrl,
  SUBGRAPH_SERVICE_MATTERS_URL: subgraphUrl,
  SUBGRAPH_VOLUNTEERS_URL: subgraphUrl,
  SUBGRAPH_EVALUATIONS_URL: subgraphUrl,
  /** Timeout of every subgraph call in ms (default 2000): a hung subgraph costs at most this. */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  /** Public keys of the identity provider: a JWKS URL, or a JWKS file re-read when it changes. One of the two. */
  JWKS_URL: z.string().url().optional(),
  JWKS_FILE: z.string().min(1).optional(),
  /**
   * `true`: the web app's sign-in page offers demo users, signed with the development key beside
   * JWKS_FILE (`npm start` and the tests set it). Refused in production; off unless set.
   */
  DEMO_SIGN_IN: z.enum(['true', 'false']).default('false'),
  /** Expected `iss` and `aud` of client tokens. */
  JWT_ISSUER: z.string().min(1).default('jwh-demo-idp'),
  JWT_AUDIENCE: z.string().min(1).default('jwh-graph'),
  /** The gateway's private Ed25519 JWK (kid `gateway`): only it may sign users' identities for the subgraphs. */
  IDENTITY_SIGNING_KEY: identitySigningKey,
  /** Redis of the job queues: with it, the bull-board UI is served at /ops/queues to the OPS role. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,32}$/)
    .default('jwh'),
  /**
   * Reverse proxies in front of the gateway whose X-Forwarded-For it trusts (default 0): behind one,
   * 1, so that anonymous requests (the public board) are rate-limited per client, not all as the proxy.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Requests per minute per user (or per IP before login). Default 600. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Most rows one operation may fan out to (cost.ts), checked before any subgraph call. */
  MAX_OPERATION_COST: z.coerce.number().int().min(100).default(5_000),
  /** Rows of cost that take one point of RATE_LIMIT_PER_MINUTE beyond the request's own. */
  COST_PER_RATE_POINT: z.coerce.number().int().min(1).default(100),
};

/** The only reader of process.env in the gateway. */
export const loadEnvironment = () => {
  const env = loadEnv('gateway', envShape, process.env);
  if (env.DEMO_SIGN_IN === 'true' && env.NODE_ENV === 'production') {
    process.stderr.write('[gateway] configuration: DEMO_SIGN_IN is for development only, never with NODE_ENV=production\n');
    process.exit(1);
  }
  if (!env.JWKS_URL === !env.JWKS_FILE) {
    process.stderr.write('[gateway] configuration: set exactly one of JWKS_URL and JWKS_FILE\n');
    process.exit(1);
  }
  return env;
};
export type Environment = ReturnType<typeof loadEnvironment>;
