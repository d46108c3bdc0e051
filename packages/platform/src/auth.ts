import { SignJWT, createLocalJWKSet, importJWK, jwtVerify, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose';
import { randomUUID, type KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';

/** The roles of the graph (README, "Access"). */
export const ROLES = ['STREET_ADMIN', 'COMMUNITY_STAFF', 'GRID_WORKER', 'PARTNER', 'RESIDENT', 'OPS'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking, as the gateway verified it. Scope lists are ids of people-grids entities. */
export const viewerSchema = z.object({
  sub: z.string().min(1).max(120),
  role: z.enum(ROLES),
  /** The street (街道) of a street admin. */
  street: z.string().max(60).nullish(),
  communityIds: z.array(z.string()).max(200).default([]),
  gridIds: z.array(z.string()).max(200).default([]),
  /** A partner's organisation and its kind (ELDER_CANTEEN, VOLUNTEER_ALLIANCE, SCHOOL, POLICE, …). */
  orgId: z.string().nullish(),
  orgKind: z.string().nullish(),
  /** A resident's own record and household. */
  residentId: z.string().nullish(),
  householdId: z.string().nullish(),
  /** A staff member's own record. */
  staffId: z.string().nullish(),
  /** Set only on identities a service signed for its own calls (never by the gateway): its name. */
  service: z.string().max(40).nullish(),
  /**
   * Someone who has not signed in (set only by the gateway, never from a token's claims): the
   * policies answer it only root fields whose rule is `public` (README, "Access").
   */
  anonymous: z.boolean().nullish(),
});
export type Viewer = z.infer<typeof viewerSchema>;

/**
 * The viewer the gateway signs for an operation without a token whose every root field is public
 * (the notice board): a resident of nowhere, with no community, grid, household or record.
 */
export const ANONYMOUS_VIEWER: Readonly<Viewer> = Object.freeze(
  viewerSchema.parse({ sub: 'anonymous', role: 'RESIDENT', anonymous: true }),
);

/**
 * The viewer a gateway derives from a verified token's claims (snake_case claims of the identity
 * provider to the viewer the subgraphs receive): the Apollo gateway and the benchmark's Hive
 * Gateway map tokens the same way.
 */
export function viewerFromClaims(claims: Record<string, unknown>): Viewer {
  return viewerSchema.parse({
    sub: claims.sub,
    role: claims.role,
    street: claims.street,
    communityIds: claims.community_ids ?? [],
    gridIds: claims.grid_ids ?? [],
    orgId: claims.org_id,
    orgKind: claims.org_kind,
    residentId: claims.resident_id,
    householdId: claims.household_id,
    staffId: claims.staff_id,
  });
}

/** Header carrying a signed identity to a subgraph. */
export const IDENTITY_HEADER = 'x-jwh-identity';
/** Key id and issuer of the gateway's identities; a service's are `svc:<its name>`. */
export const GATEWAY_ISSUER = 'gateway';
const SERVICE_ISSUER = /^svc:([a-z-]{1,40})$/;
/** How long a signed identity is valid: one subgraph call, with room for a slow clock. */
const IDENTITY_TTL_S = 30;

/**
 * A private Ed25519 key that signs identities: the gateway's (kid `gateway`, for users) or a
 * service's own (kid `svc:<name>`, for its calls to other subgraphs). Only its holder has it; the
 * subgraphs hold the public keys (IDENTITY_PUBLIC_KEYS), so no subgraph can speak for a user.
 */
export interface IdentitySigner {
  kid: string;
  key: Awaited<ReturnType<typeof importJWK>> | KeyObject;
}

/** Reads a private OKP/Ed25519 JWK (with `kid`) as a signer. */
export async function identitySigner(jwkJson: string): Promise<IdentitySigner> {
  const jwk = JSON.parse(jwkJson) as JWK & { kid?: string };
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d || !jwk.kid)
    throw new Error('an identity signing key is a private Ed25519 JWK with a kid');
  return { kid: jwk.kid, key: await importJWK(jwk, 'EdDSA') };
}

/** What a subgraph verifies identities with: the public keys, its own name (the audience), the ids already used. */
export interface IdentityVerifier {
  keys: JWTVerifyGetKey;
  audience: string;
  /** Token ids seen until they expire: a token is good for one call only. */
  used: LRUCache<string, true>;
}

export function identityVerifier(publicKeysJson: string, audience: string): IdentityVerifier {
  return {
    keys: createLocalJWKSet(JSON.parse(publicKeysJson) as JSONWebKeySet),
    audience,
    used: new LRUCache({ max: 200_000, ttl: (IDENTITY_TTL_S + 5) * 1000 }),
  };
}

/**
 * Signs `viewer` for one call to the subgraph `audience`, within the request `requestId`: EdDSA,
 * valid 30 s, a fresh token id. The subgraph refuses it for another audience, another request id,
 * or a second time.
 */
export async function signIdentity(viewer: Viewer, signer: IdentitySigner, audience: string, requestId: string): Promise<string> {
  return new SignJWT({ viewer, rid: requestId })
    .setProtectedHeader({ alg: 'EdDSA', kid: signer.kid })
    .setIssuer(signer.kid)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${IDENTITY_TTL_S}s`)
    .setJti(randomUUID())
    .sign(signer.key);
}

/**
 * The viewer a service signs to read another subgraph: itself (`service`), narrowed to its caller's
 * role and scope when it acts within a request, or a street-wide reader of `communityIds` for a
 * background job. The other subgraph answers a service only the root fields its policy grants it,
 * and never unmasked personal data.
 */
export function serviceViewer(service: string, caller: Viewer | null, communityIds: string[] = []): Viewer {
  const base = caller ?? { role: 'STREET_ADMIN' as const, communityIds, gridIds: [] };
  return viewerSchema.parse({ ...base, sub: `svc:${service}`, service });
}

/**
 * Verifies an identity for this subgraph; throws when it is missing, forged, expired, for another
 * subgraph, for another request, used before, or a service speaking as anything but itself.
 */
export async function verifyIdentity(token: string, verifier: IdentityVerifier, requestId: string | undefined): Promise<Viewer> {
  const { payload, protectedHeader } = await jwtVerify(token, verifier.keys, {
    audience: verifier.audience,
    algorithms: ['EdDSA'],
    maxTokenAge: `${IDENTITY_TTL_S + 5}s`,
  });
  if (payload.iss !== protectedHeader.kid) throw new Error('issuer is not the signing key');
  if (!requestId || payload.rid !== requestId) throw new Error('identity of another request');
  if (!payload.jti || verifier.used.has(payload.jti)) throw new Error('identity used before');
  const viewer = viewerSchema.parse(payload.viewer);
  // The gateway speaks for users, never as a service; a service speaks only as itself.
  const service = SERVICE_ISSUER.exec(payload.iss ?? '')?.[1];
  const honest = payload.iss === GATEWAY_ISSUER ? !viewer.service : !!service && viewer.service === service && viewer.sub === payload.iss;
  if (!honest) throw new Error('a key may speak only for whom it belongs to');
  verifier.used.set(payload.jti, true);
  return viewer;
}

/**
 * Express middleware of every subgraph's /graphql and file routes: a request without a valid
 * identity for this subgraph and this request gets 401 and never reaches GraphQL. Subgraphs are
 * not for clients.
 */
export function requireIdentity(verifier: IdentityVerifier) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers[IDENTITY_HEADER];
    const requestId = req.headers['x-request-id'];
    try {
      if (typeof header !== 'string') throw new Error('missing');
      res.locals.viewer = await verifyIdentity(header, verifier, typeof requestId === 'string' ? requestId : undefined);
      next();
    } catch {
      res
        .status(401)
        .json({ errors: [{ message: '未经网关认证的请求 (not authenticated by the gateway)', extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  };
}

/** Express middleware after `requireIdentity`: only `roles` pass, others get 403. */
export function allowRoles(roles: readonly Role[]) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const viewer = res.locals.viewer as Viewer | undefined;
    // An anonymous viewer is answered public root fields only, never a route.
    if (viewer && !viewer.anonymous && roles.includes(viewer.role)) return next();
    res.status(403).json({ errors: [{ message: '无权访问 (forbidden)', extensions: { code: 'FORBIDDEN' } }] });
  };
}
