import { generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import {
  GATEWAY_ISSUER,
  IDENTITY_HEADER,
  REQUEST_ID_HEADER,
  stableObjectId,
  viewerSchema,
  type Metrics,
  type RunningSubgraph,
  type Viewer,
} from '@jwh/platform';

/** The test gateway's private keys, by the public key set a test subgraph was given. */
const testGatewayKeys = new Map<string, KeyObject>();

/** A fresh gateway key pair for a test subgraph: its public key set (IDENTITY_PUBLIC_KEYS). */
function testPublicKeys(): string {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwks = JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: GATEWAY_ISSUER, alg: 'EdDSA', use: 'sig' }] });
  testGatewayKeys.set(jwks, privateKey);
  return jwks;
}

const b64url = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
/** Every subgraph's name: a test identity is good for whichever one the test started. */
const SUBGRAPH_NAMES = ['people-grids', 'service-matters', 'volunteers', 'evaluations'];

/**
 * Headers a subgraph needs for one call: `viewer`'s identity signed as the gateway signs it (with
 * the test gateway key of `env`) and the request id it is bound to. Fresh on every call.
 */
export function testIdentityHeaders(
  viewer: Partial<Viewer> & Pick<Viewer, 'role'>,
  env: { IDENTITY_PUBLIC_KEYS: string },
): Record<string, string> {
  const key = testGatewayKeys.get(env.IDENTITY_PUBLIC_KEYS);
  if (!key) throw new Error('IDENTITY_PUBLIC_KEYS did not come from testOverrides');
  const rid = randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    viewer: viewerSchema.parse({ sub: `test-${viewer.role}`, ...viewer }),
    rid,
    iss: GATEWAY_ISSUER,
    aud: SUBGRAPH_NAMES,
    iat: now,
    exp: now + 30,
    jti: randomUUID(),
  };
  const input = `${b64url({ alg: 'EdDSA', kid: GATEWAY_ISSUER })}.${b64url(claims)}`;
  return { [IDENTITY_HEADER]: `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`, [REQUEST_ID_HEADER]: rid };
}

/**
 * Overrides for a subgraph started in process by a test: any port, own databases, demo data, and
 * fresh secrets (the test gateway's identity key and the personal-data keys).
 */
export function testOverrides(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    MONGO_DB_PREFIX: `t${randomBytes(4).toString('hex')}_`,
    SEED_DEMO: 'true',
    DEMO_SCALE: 'small',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    IDENTITY_PUBLIC_KEYS: testPublicKeys(),
    PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PII_HASH_KEY: randomBytes(32).toString('base64'),
    ...extra,
  };
}

/** `testIdentityHeaders`, for callers that await. */
export async function identityHeaders(
  viewer: Partial<Viewer> & Pick<Viewer, 'role'>,
  env: { IDENTITY_PUBLIC_KEYS: string },
): Promise<Record<string, string>> {
  return testIdentityHeaders(viewer, env);
}

/** A GraphQL error as a client receives it. */
export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

/** A GraphQL response body. */
export interface GraphQLResponse<TData> {
  data?: TData | null;
  errors?: GraphQLErrorBody[];
}

/**
 * POSTs a GraphQL operation over real HTTP: the status, the response headers and the parsed body.
 * A typed document (`TypedDocumentNode`) gives the body its type; a string leaves `TData` to the
 * caller (`any` by default, until every test's operations are typed documents).
 */
export async function gql<TData = any, TVariables extends Record<string, unknown> = Record<string, unknown>>(
  url: string,
  query: string | TypedDocumentNode<TData, TVariables>,
  variables?: TVariables,
  headers: Record<string, string> = {},
  operationName?: string,
) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      query: typeof query === 'string' ? query : print(query),
      variables,
      ...(operationName ? { operationName } : {}),
    }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLResponse<TData> };
}

/** Asserts a response carries no errors; its data. */
export function expectNoErrors<TData>(body: GraphQLResponse<TData>): TData {
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data as TData;
}

/** Asserts a response is refused with `code` (and, when given, `extensions.field`) on its first error. */
export function expectRefusal(body: { errors?: GraphQLErrorBody[] }, code: string, field?: string): void {
  assert.equal(body.errors?.[0]?.extensions?.code, code, JSON.stringify(body.errors));
  if (field) assert.equal(body.errors?.[0]?.extensions?.field, field, JSON.stringify(body.errors));
}

/**
 * A client of one GraphQL endpoint that asks as a role: `call` returns the body, `ok` the data of a
 * body without errors. `url` is read on each call (a stack under test starts after the file loads).
 */
export function roleClient<R extends string>(url: () => string, headersFor: (role: R) => Record<string, string>) {
  const call = async <TData = any>(role: R, query: string, variables?: Record<string, unknown>, extra: Record<string, string> = {}) =>
    (await gql<TData>(url(), query, variables, { ...headersFor(role), ...extra })).body;
  const ok = async <TData = any>(role: R, query: string, variables?: Record<string, unknown>) =>
    expectNoErrors(await call<TData>(role, query, variables));
  return { call, ok };
}

/** The id the demo data set gives `key` (e.g. `demo:community:0`), as a string. */
export const demoId = (key: string): string => String(stableObjectId(key));

/** The ids the demo data set gives the first `count` rows of one kind (`demo:${kind}:0`, …), as strings. */
export const demoIds = (kind: string, count: number): string[] => Array.from({ length: count }, (_, n) => demoId(`demo:${kind}:${n}`));

/**
 * References to `typename` by these ids: the representations, and an `_entities` query over them
 * (variable `$r`, as `variables` gives it) selecting `selection` on each.
 */
export function entityReferences(typename: string, ids: readonly string[], selection: string) {
  const representations = ids.map((id) => ({ __typename: typename, id }));
  return {
    representations,
    query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { ${selection} } } }`,
    variables: { r: representations },
  };
}

/** How many `command` commands (e.g. `find`) this process has sent to MongoDB so far. */
export async function mongoCommandCount(metrics: Metrics, command: string): Promise<number> {
  const metric = await metrics.mongoCommands.get();
  return metric.values.filter((v) => v.labels.command === command).reduce((sum, v) => sum + v.value, 0);
}

/**
 * Starts a subgraph in process for the tests of one file (own databases, demo data, fresh
 * secrets) and drops its databases afterwards. `asAdmin` is the identity of the demo street's
 * admin over both demo communities.
 */
export function subgraphUnderTest<E extends { IDENTITY_PUBLIC_KEYS: string }, M>(
  loadEnvironment: (overrides: Record<string, string>) => E,
  start: (env: E) => Promise<RunningSubgraph<M>>,
  overrides: Record<string, string> = {},
): { sg: RunningSubgraph<M>; asAdmin: Record<string, string>; env: E } {
  const t = {
    // A fresh identity on every read: each is good for one call.
    get asAdmin() {
      return testIdentityHeaders(
        { role: 'STREET_ADMIN', street: '东湖街道', communityIds: [0, 1].map((c) => String(stableObjectId(`demo:community:${c}`))) },
        t.env,
      );
    },
  } as { sg: RunningSubgraph<M>; asAdmin: Record<string, string>; env: E };
  before(async () => {
    t.env = loadEnvironment(testOverrides(overrides));
    t.sg = await start(t.env);
  });
  after(async () => {
    await t.sg.conn.dropDatabase();
    await t.sg.stop();
  });
  return t;
}

export { benchEnv } from './environment.js';
export { allPages, equalityOnly, readsAs, readsDuring, realEngine, type Read } from './reads.js';
