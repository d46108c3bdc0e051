import { PUBLIC_ROOT_FIELDS } from '@jwh/contracts';
import { viewerFromClaims, type Viewer } from '@jwh/platform';
import { GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { readFileSync, statSync } from 'node:fs';

/** 401 with code UNAUTHENTICATED (the HTTP status comes from `extensions.http`). */
export const unauthenticated = (message = '未登录或令牌无效 (missing or invalid token)') =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

/**
 * The public keys that verify client tokens. From a URL: jose refetches the JWKS when a token
 * names an unknown key (rotation) at most every 30 s. From a file: the file is re-read whenever it
 * changes, so a rotated key set is used without a restart.
 */
export function createKeyResolver(source: { url?: string; file?: string }): JWTVerifyGetKey {
  if (source.url) return createRemoteJWKSet(new URL(source.url), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  const file = source.file!;
  let loadedMtime = -1;
  let getKey: JWTVerifyGetKey | null = null;
  return (header, token) => {
    const mtime = statSync(file).mtimeMs;
    if (!getKey || mtime !== loadedMtime) {
      getKey = createLocalJWKSet(JSON.parse(readFileSync(file, 'utf8')));
      loadedMtime = mtime;
    }
    return getKey(header, token);
  };
}

/**
 * Verifies `Authorization: Bearer <JWT>` (RS256 or ES256, issuer and audience checked). No header:
 * null (anonymous; only introspection and public queries are answered, `isPublicOperation`). A bad
 * token: UNAUTHENTICATED.
 */
export async function authenticate(
  header: string | undefined,
  getKey: JWTVerifyGetKey,
  expected: { issuer: string; audience: string },
): Promise<Viewer | null> {
  if (!header) return null;
  const match = /^Bearer\s+([A-Za-z0-9._-]+)$/.exec(header);
  if (!match) throw unauthenticated('Authorization 须为 "Bearer <token>" (expected a bearer token)');
  const token = match[1]!;
  const cacheKey = `${expected.issuer}\u0000${expected.audience}\u0000${token}`;
  const hit = verifiedTokens.get(cacheKey);
  if (hit && hit.until > Date.now()) return hit.viewer;
  try {
    const { payload } = await jwtVerify(token, getKey, { ...expected, algorithms: ['RS256', 'ES256'], clockTolerance: 30 });
    const viewer = viewerFromClaims(payload);
    verifiedTokens.set(cacheKey, { viewer, until: Math.min(((payload.exp ?? 0) + 30) * 1000, Date.now() + REVERIFY_MS) });
    return viewer;
  } catch {
    throw unauthenticated();
  }
}

/**
 * Tokens verified in the last minute (a client sends the same one with every request; an ES256
 * verification through WebCrypto costs about half a millisecond). Each is verified again after a
 * minute, so a key removed from the key set stops working within one.
 */
const REVERIFY_MS = 60_000;
const verifiedTokens = new LRUCache<string, { viewer: Viewer; until: number }>({ max: 10_000 });

const PUBLIC = new Set(PUBLIC_ROOT_FIELDS);

/**
 * True when an operation may be answered without a token: a query whose every root selection is
 * a field (no fragment) that is either introspection (`__schema`, `__type`, `__typename`) or a
 * public root field (`PUBLIC_ROOT_FIELDS`, the notice board). Mutations and subscriptions never are.
 */
export function isPublicOperation(operation: OperationDefinitionNode): boolean {
  return (
    operation.operation === 'query' &&
    operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && (s.name.value.startsWith('__') || PUBLIC.has(s.name.value)))
  );
}

/** True when the operation's root asks for introspection only: the gateway answers it without a subgraph. */
export function isIntrospectionOnly(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'));
}
