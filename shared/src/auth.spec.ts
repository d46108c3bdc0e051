import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SignJWT } from 'jose';
import { signIdentity, verifyIdentity, type Viewer } from './auth.js';

const secret = 'a'.repeat(32);
const viewer: Viewer = { sub: 'demo-secretary', role: 'COMMUNITY_STAFF', communityIds: ['c1'], gridIds: [] };

test('one signed identity a viewer for a while; verified from memory, but only with the secret that signed it', async () => {
  const first = await signIdentity(viewer, secret);
  assert.equal(await signIdentity(viewer, secret), first, 'the same viewer reuses its token');
  assert.notEqual(await signIdentity({ ...viewer, gridIds: ['g1'] }, secret), first, 'another scope is another token');
  assert.deepEqual((await verifyIdentity(first, secret)).communityIds, ['c1']);
  assert.deepEqual((await verifyIdentity(first, secret)).communityIds, ['c1'], 'again, from memory');
  await assert.rejects(verifyIdentity(first, 'b'.repeat(32)), 'a token verified once is still refused under another secret');
  await assert.rejects(verifyIdentity(`${first.slice(0, -2)}xx`, secret), 'a forged signature is refused');
});

test('an expired identity is refused', async () => {
  const key = new TextEncoder().encode(secret);
  const old = await new SignJWT({ viewer })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('jwh-gateway')
    .setAudience('jwh-subgraphs')
    .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
    .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
    .sign(key);
  await assert.rejects(verifyIdentity(old, secret));
});
