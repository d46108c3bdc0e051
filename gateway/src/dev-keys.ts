import { ROLES, stableObjectId, type Role } from '@jwh/platform';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Issuer and audience of demo tokens (the gateway's JWT_ISSUER and JWT_AUDIENCE defaults). */
export const DEMO_ISSUER = 'jwh-demo-idp';
export const DEMO_AUDIENCE = 'jwh-graph';

const files = (dir: string) => ({ jwks: join(dir, 'jwks.json'), privateKey: join(dir, 'signing-key.json') });

function writeAtomic(file: string, data: unknown) {
  writeFileSync(`${file}.tmp`, JSON.stringify(data, null, 2), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/**
 * Adds a new ES256 signing key: it signs from now on, and the JWKS keeps the previous key too, so
 * tokens signed before the rotation stay valid until they expire. Returns the new key id.
 */
export async function rotateDevKey(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  const pub = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const { jwks } = files(dir);
  const previous: JWK[] = existsSync(jwks) ? (JSON.parse(readFileSync(jwks, 'utf8')) as { keys: JWK[] }).keys : [];
  writeAtomic(files(dir).privateKey, { ...(await exportJWK(privateKey)), kid, alg: 'ES256' });
  writeAtomic(jwks, { keys: [pub, ...previous].slice(0, 2) });
  return kid;
}

/** Creates the development key pair in `dir` once; returns the JWKS file the gateway reads. */
export async function ensureDevKeys(dir: string): Promise<string> {
  if (!existsSync(files(dir).privateKey)) await rotateDevKey(dir);
  return files(dir).jwks;
}

const id = (key: string) => String(stableObjectId(key));

/** The demo users, one per role, scoped to the demo data set (see README, "Access"). */
export const DEMO_USERS: Record<Role, Record<string, unknown>> = {
  STREET_ADMIN: {
    sub: 'demo-street-admin',
    role: 'STREET_ADMIN',
    street: '东湖街道',
    community_ids: [id('demo:community:0'), id('demo:community:1')],
  },
  COMMUNITY_STAFF: {
    sub: 'demo-secretary',
    role: 'COMMUNITY_STAFF',
    staff_id: id('demo:staff:0'),
    community_ids: [id('demo:community:0')],
  },
  GRID_WORKER: {
    sub: 'demo-grid-worker',
    role: 'GRID_WORKER',
    staff_id: id('demo:staff:3'),
    community_ids: [id('demo:community:0')],
    grid_ids: [id('demo:grid:0-0-0')],
  },
  PARTNER: { sub: 'demo-canteen', role: 'PARTNER', org_id: id('demo:org:canteen-0'), org_kind: 'ELDER_CANTEEN' },
  RESIDENT: {
    sub: 'demo-resident',
    role: 'RESIDENT',
    resident_id: id('demo:resident:0'),
    household_id: id('demo:household:0'),
    community_ids: [id('demo:community:0')],
  },
  OPS: { sub: 'demo-ops', role: 'OPS' },
};

/** Signs `claims` with the current development key. */
export async function issueToken(dir: string, claims: Record<string, unknown>, expiresIn = '12h'): Promise<string> {
  const jwk = JSON.parse(readFileSync(files(dir).privateKey, 'utf8')) as JWK & { kid: string };
  const key = await importJWK(jwk, 'ES256');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
    .setIssuer(DEMO_ISSUER)
    .setAudience(DEMO_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);
}

/** One token per role for the demo users. */
export async function demoTokens(dir: string): Promise<Record<Role, string>> {
  const entries = await Promise.all(ROLES.map(async (role) => [role, await issueToken(dir, DEMO_USERS[role])] as const));
  return Object.fromEntries(entries) as Record<Role, string>;
}

/**
 * The demo users the web app's sign-in page offers (development only): one of each role, and a
 * second canteen so that a partner can be shown another partner's page refused.
 */
export const DEMO_SIGN_INS: { key: string; label: string; description: string; claims: Record<string, unknown> }[] = [
  { key: 'street-admin', label: '街道管理员', description: '东湖街道,两个社区', claims: DEMO_USERS.STREET_ADMIN },
  { key: 'secretary', label: '社区书记', description: '美湖社区', claims: DEMO_USERS.COMMUNITY_STAFF },
  { key: 'grid-worker', label: '网格员', description: '美湖社区第一网格(手机)', claims: DEMO_USERS.GRID_WORKER },
  { key: 'canteen', label: '助餐点(合作机构)', description: '美湖幸福餐厅', claims: DEMO_USERS.PARTNER },
  {
    key: 'canteen-2',
    label: '助餐点(合作机构)',
    description: '凤凰山爱心餐厅',
    claims: { ...DEMO_USERS.PARTNER, sub: 'demo-canteen-2', org_id: id('demo:org:canteen-1') },
  },
  { key: 'ops', label: '运维', description: '任务队列与提醒', claims: DEMO_USERS.OPS },
  { key: 'resident', label: '居民', description: '美湖社区居民', claims: DEMO_USERS.RESIDENT },
];
