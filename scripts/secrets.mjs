// Development secrets for `npm start` and the tests. Production takes them from its secret store.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './engines.mjs';

/**
 * Fresh identity keys for a run: an Ed25519 pair for the gateway (kid `gateway`) and one for each
 * service that reads another subgraph (kid `svc:<name>`); each process gets its own service's
 * private key, every subgraph the public set.
 */
export function identityKeys() {
  const signingKeys = {};
  const keys = [];
  for (const [holder, kid] of [
    ['gateway', 'gateway'],
    ...['people-grids', 'service-matters', 'volunteers', 'evaluations'].map((n) => [n, `svc:${n}`]),
  ]) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    signingKeys[holder] = JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid, alg: 'EdDSA' });
    keys.push({ ...publicKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' });
  }
  return { publicKeys: JSON.stringify({ keys }), signingKeys };
}

/**
 * The client-token key pair (JWKS file), the personal-data keys (kept in `dir`: encrypted data
 * outlives a restart) and fresh identity keys per run.
 */
export async function devSecrets(dir) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { ensureDevKeys } = await import(pathToFileURL(join(ROOT, 'gateway/dist/src/dev-keys.js')).href);
  const jwksFile = await ensureDevKeys(dir);
  const piiFile = join(dir, 'pii-keys.json');
  if (!existsSync(piiFile)) {
    const key = () => randomBytes(32).toString('base64');
    writeFileSync(piiFile, JSON.stringify({ PII_ENCRYPTION_KEY: key(), PII_HASH_KEY: key() }), { mode: 0o600 });
  }
  return { jwksFile, identity: identityKeys(), pii: JSON.parse(readFileSync(piiFile, 'utf8')), keysDir: dir };
}

/** One demo token per role (signed with the development key in `dir`). */
export async function demoTokens(dir) {
  const mod = await import(pathToFileURL(join(ROOT, 'gateway/dist/src/dev-keys.js')).href);
  return mod.demoTokens(dir);
}
