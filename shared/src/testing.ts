import { randomBytes } from 'node:crypto';
import { IDENTITY_HEADER, signIdentity, viewerSchema, type Viewer } from './auth.js';
import { after, before } from 'node:test';
import { stableObjectId } from './ids.js';
import type { Metrics } from './metrics.js';
import type { RunningSubgraph } from './subgraph.js';

/**
 * Overrides for a subgraph started in process by a test: any port, own databases, demo data, and
 * fresh secrets (the internal identity secret and the personal-data keys).
 */
export function testOverrides(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    MONGO_DB_PREFIX: `t${randomBytes(4).toString('hex')}_`,
    SEED_DEMO: 'true',
    DEMO_SCALE: 'small',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    INTERNAL_TOKEN_SECRET: randomBytes(32).toString('hex'),
    PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PII_HASH_KEY: randomBytes(32).toString('base64'),
    ...extra,
  };
}

/** The header a subgraph needs: `viewer`'s identity signed as the gateway signs it. */
export async function identityHeaders(viewer: Partial<Viewer> & Pick<Viewer, 'role'>, secret: string): Promise<Record<string, string>> {
  return { [IDENTITY_HEADER]: await signIdentity(viewerSchema.parse({ sub: `test-${viewer.role}`, ...viewer }), secret) };
}

/** POSTs a GraphQL operation over real HTTP and returns the parsed body. */
export async function postGraphQL<T = any>(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

/** How many `command` commands (e.g. `find`) this process has sent to MongoDB so far. */
export async function mongoCommandCount(metrics: Metrics, command: string): Promise<number> {
  const metric = await metrics.mongoCommands.get();
  return metric.values.filter((v) => v.labels.command === command).reduce((sum, v) => sum + v.value, 0);
}

/**
 * Starts a subgraph in process for the tests of one file (own databases, demo data, fresh
 * secrets) and drops its databases afterwards. `asAdmin` is the identity of a street admin over
 * both demo communities.
 */
export function subgraphUnderTest<E extends { INTERNAL_TOKEN_SECRET: string }, M>(
  loadEnvironment: (overrides: Record<string, string>) => E,
  start: (env: E) => Promise<RunningSubgraph<M>>,
  overrides: Record<string, string> = {},
): { sg: RunningSubgraph<M>; asAdmin: Record<string, string>; env: E } {
  const t = {} as { sg: RunningSubgraph<M>; asAdmin: Record<string, string>; env: E };
  before(async () => {
    t.env = loadEnvironment(testOverrides(overrides));
    t.sg = await start(t.env);
    const communityIds = [0, 1].map((c) => String(stableObjectId(`demo:community:${c}`)));
    t.asAdmin = await identityHeaders({ role: 'STREET_ADMIN', communityIds }, t.env.INTERNAL_TOKEN_SECRET);
  });
  after(async () => {
    await t.sg.conn.dropDatabase();
    await t.sg.stop();
  });
  return t;
}
