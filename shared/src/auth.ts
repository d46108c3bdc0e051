import { SignJWT, jwtVerify } from 'jose';
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
});
export type Viewer = z.infer<typeof viewerSchema>;

/** Header carrying the gateway-signed identity to subgraphs. */
export const IDENTITY_HEADER = 'x-jwh-identity';
const ISSUER = 'jwh-gateway';
const AUDIENCE = 'jwh-subgraphs';
const key = (secret: string) => new TextEncoder().encode(secret);

/** How long a signed identity is valid, and how long the gateway reuses one (half of it). */
const IDENTITY_TTL_S = 60;
const REUSE_MS = (IDENTITY_TTL_S / 2) * 1000;

// Signing and verifying through WebCrypto cost about half a millisecond a request in each process;
// a viewer asks many times a minute, so both ends remember their last answer for it.
const signedIdentities = new LRUCache<string, { token: string; until: number }>({ max: 10_000 });
const verifiedIdentities = new LRUCache<string, { viewer: Viewer; until: number }>({ max: 10_000 });

/**
 * Signs `viewer` for subgraphs (HS256 with the internal secret, valid 60 s). The same viewer gets
 * the same token for 30 s (subgraphs then verify it once).
 */
export async function signIdentity(viewer: Viewer, secret: string): Promise<string> {
  const cacheKey = `${secret}\u0000${JSON.stringify(viewer)}`;
  const hit = signedIdentities.get(cacheKey);
  if (hit && hit.until > Date.now()) return hit.token;
  const token = await new SignJWT({ viewer })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${IDENTITY_TTL_S}s`)
    .sign(key(secret));
  signedIdentities.set(cacheKey, { token, until: Date.now() + REUSE_MS });
  return token;
}

/**
 * Verifies a gateway-signed identity; throws when it is missing, forged, expired or malformed. A
 * token verified before is answered from memory until its own expiry.
 */
export async function verifyIdentity(token: string, secret: string): Promise<Viewer> {
  const cacheKey = `${secret}\u0000${token}`;
  const hit = verifiedIdentities.get(cacheKey);
  if (hit && hit.until > Date.now()) return hit.viewer;
  const { payload } = await jwtVerify(token, key(secret), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
  const viewer = viewerSchema.parse(payload.viewer);
  verifiedIdentities.set(cacheKey, { viewer, until: (payload.exp ?? 0) * 1000 });
  return viewer;
}

/**
 * Express middleware of every subgraph's /graphql: a request without a valid gateway-signed
 * identity gets 401 and never reaches GraphQL. Subgraphs are not for clients.
 */
export function requireIdentity(secret: string) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers[IDENTITY_HEADER];
    try {
      if (typeof header !== 'string') throw new Error('missing');
      res.locals.viewer = await verifyIdentity(header, secret);
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
    if (viewer && roles.includes(viewer.role)) return next();
    res.status(403).json({ errors: [{ message: '无权访问 (forbidden)', extensions: { code: 'FORBIDDEN' } }] });
  };
}
