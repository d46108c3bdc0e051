import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { identitySigner, identityVerifier, serviceViewer, signIdentity, verifyIdentity, type Viewer } from './auth.js';

const viewer: Viewer = { sub: 'u1', role: 'COMMUNITY_STAFF', communityIds: ['c1'], gridIds: [] };

/** A key pair as the deployment has them: the private JWK for its holder, the public one for the JWKS. */
async function keyPair(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return {
    signer: await identitySigner(JSON.stringify({ ...(await exportJWK(privateKey)), kid })),
    pub: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA' },
  };
}

test('only the gateway speaks for a user: audience, request, one use, expiry and key are all checked', async () => {
  const gateway = await keyPair('gateway');
  const evaluations = await keyPair('svc:evaluations');
  const jwks = JSON.stringify({ keys: [gateway.pub, evaluations.pub] });
  const peopleGrids = identityVerifier(jwks, 'people-grids');

  const token = await signIdentity(viewer, gateway.signer, 'people-grids', 'r1');
  assert.deepEqual((await verifyIdentity(token, peopleGrids, 'r1')).communityIds, ['c1']);
  await assert.rejects(verifyIdentity(token, peopleGrids, 'r1'), /used before/, 'a replay of the same token is refused');

  const other = await signIdentity(viewer, gateway.signer, 'people-grids', 'r2');
  await assert.rejects(verifyIdentity(other, peopleGrids, 'r3'), /another request/, 'outside its request');
  await assert.rejects(
    verifyIdentity(await signIdentity(viewer, gateway.signer, 'volunteers', 'r4'), peopleGrids, 'r4'),
    /aud/,
    'for another subgraph',
  );
  await assert.rejects(verifyIdentity(`${other.slice(0, -2)}xx`, peopleGrids, 'r2'), 'a forged signature');

  // A service's key signs only that service's own identity, never a user's.
  const asUser = await signIdentity(viewer, evaluations.signer, 'people-grids', 'r5');
  await assert.rejects(verifyIdentity(asUser, peopleGrids, 'r5'), /speak only for/);
  const asItself = await signIdentity(serviceViewer('evaluations', viewer), evaluations.signer, 'people-grids', 'r6');
  const seen = await verifyIdentity(asItself, peopleGrids, 'r6');
  assert.equal(seen.service, 'evaluations');
  assert.equal(seen.sub, 'svc:evaluations');
  assert.deepEqual(seen.communityIds, ['c1'], 'narrowed to its caller');
  const asAnother = await signIdentity(serviceViewer('service-matters', null, ['c1']), evaluations.signer, 'people-grids', 'r7');
  await assert.rejects(verifyIdentity(asAnother, peopleGrids, 'r7'), /speak only for/, 'nor another service');
  // The gateway's key does not speak as a service either.
  await assert.rejects(
    verifyIdentity(await signIdentity(serviceViewer('evaluations', null), gateway.signer, 'people-grids', 'r8'), peopleGrids, 'r8'),
    /speak only for/,
  );

  // A key not in the set, the old shared secret (HS256), and an expired token.
  const stranger = await keyPair('gateway');
  await assert.rejects(verifyIdentity(await signIdentity(viewer, stranger.signer, 'people-grids', 'r9'), peopleGrids, 'r9'));
  const hs = await new SignJWT({ viewer, rid: 'r10' })
    .setProtectedHeader({ alg: 'HS256', kid: 'gateway' })
    .setIssuer('gateway')
    .setAudience('people-grids')
    .setJti('j')
    .setExpirationTime('30s')
    .sign(new TextEncoder().encode('x'.repeat(32)));
  await assert.rejects(verifyIdentity(hs, peopleGrids, 'r10'));
  const old = await new SignJWT({ viewer, rid: 'r11' })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'gateway' })
    .setIssuer('gateway')
    .setAudience('people-grids')
    .setJti('old')
    .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
    .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
    .sign(gateway.signer.key);
  await assert.rejects(verifyIdentity(old, peopleGrids, 'r11'), /exp/);
});
