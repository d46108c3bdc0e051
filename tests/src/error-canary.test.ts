import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, runId, secretsModule, stackModule, type StackProcess } from './harness.js';
import { gql } from '@jwh/testkit';

// A subgraph that misbehaves the worst ways it can: its errors quote a national ID, a phone, an
// internal host and a Mongo URI with a password, it answers 500 with the same in plain text, or it
// hangs. The gateway, in production mode, must let none of it (nor the subgraph's URL or the
// request it sent) reach the client, and must log it (scrubbed) with the request id.
const SECRET_BITS = ['110105194912310021', '13812345678', 'db-internal.corp', 'mongodb://', 'hunter2'];
const LEAK = `E11000 duplicate key error collection: people.residents index: nid dup key: { nid: "110105194912310021", phone: "13812345678" } at mongodb://app:hunter2@db-internal.corp:27017/people`;

let mode: 'graphql-error' | 'http-500' | 'hang' = 'graphql-error';
let fake: Server;
let gateway: StackProcess;
let gatewayUrl = '';
let tokens: Record<string, string>;
let fakeUrl = '';
const hung: { destroy: () => void }[] = [];

before(async () => {
  fake = createServer((req, res) => {
    req.resume();
    if (mode === 'hang') return void hung.push(res.socket!);
    if (mode === 'http-500') return void res.writeHead(500, { 'content-type': 'text/plain' }).end(LEAK);
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        data: null,
        errors: [{ message: LEAK, path: ['surveyResponses'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: [LEAK] } }],
      }),
    );
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/graphql`;
  const dir = join(tmpdir(), `jwh-canary-${runId()}`);
  const secrets = await secretsModule.devSecrets(join(dir, 'keys'));
  tokens = await secretsModule.demoTokens(secrets.keysDir);
  const port = String(await stackModule.freePort());
  gateway = stackModule.startProcess(
    'gateway',
    join(ROOT, 'gateway/dist/src/index.js'),
    {
      NODE_ENV: 'production',
      PORT: port,
      JWKS_FILE: secrets.jwksFile,
      IDENTITY_SIGNING_KEY: secrets.identity.signingKeys.gateway!,
      SUBGRAPH_TIMEOUT_MS: '800',
      SUBGRAPH_PEOPLE_GRIDS_URL: 'http://127.0.0.1:9/graphql',
      SUBGRAPH_SERVICE_MATTERS_URL: 'http://127.0.0.1:9/graphql',
      SUBGRAPH_VOLUNTEERS_URL: 'http://127.0.0.1:9/graphql',
      SUBGRAPH_EVALUATIONS_URL: fakeUrl,
    },
    dir,
  );
  // Its subgraphs are a fake and dead ports, so its health is `down` (503): wait for it to listen.
  await waitListening(`http://127.0.0.1:${port}/health`);
  gatewayUrl = `http://127.0.0.1:${port}/graphql`;
});
after(async () => {
  for (const s of hung) s.destroy();
  await stackModule.stopProcess(gateway);
  await new Promise((r) => fake.close(r));
});

async function waitListening(url: string) {
  for (let i = 0; i < 200; i++) {
    if (gateway.exitCode !== null) throw new Error(`gateway exited; see ${gateway.logFile}`);
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('gateway did not start');
}

const QUERY = `{ surveyResponses(period: "2026-Q3") { id satisfaction } }`;

for (const m of ['graphql-error', 'http-500', 'hang'] as const) {
  test(`a subgraph failing with ${m}: the client sees a code and a safe message only`, async () => {
    mode = m;
    const requestId = `canary-${m}-${Date.now()}`;
    const { body } = await gql(gatewayUrl, QUERY, undefined, { authorization: `Bearer ${tokens.STREET_ADMIN}`, 'x-request-id': requestId });
    const text = JSON.stringify(body);
    for (const bit of [...SECRET_BITS, fakeUrl, '127.0.0.1', 'query', 'stacktrace', 'E11000'])
      assert.ok(!text.includes(bit), `${bit} leaked: ${text}`);
    assert.ok(body.errors?.length);
    for (const e of body.errors ?? [])
      assert.ok(['INTERNAL_SERVER_ERROR', 'SUBGRAPH_UNAVAILABLE'].includes(String(e.extensions?.code)), text);
    await new Promise((r) => setTimeout(r, 100));
    const logged = readFileSync(gateway.logFile, 'utf8');
    assert.ok(logged.includes(requestId), 'the gateway logged the failure with the request id');
    for (const bit of ['110105194912310021', '13812345678', 'hunter2']) assert.ok(!logged.includes(bit), `${bit} reached the log`);
  });
}

test('production: no introspection and no field suggestions', async () => {
  const intro = await gql(gatewayUrl, `{ __schema { types { name } } }`, undefined, { authorization: `Bearer ${tokens.STREET_ADMIN}` });
  assert.ok(intro.body.errors?.length);
  assert.ok(!JSON.stringify(intro.body).includes('"Resident"'));
  const typo = await gql(gatewayUrl, `{ residnts { totalCount } }`, undefined, { authorization: `Bearer ${tokens.STREET_ADMIN}` });
  assert.ok(typo.body.errors?.length);
  assert.doesNotMatch(JSON.stringify(typo.body), /Did you mean/);
  const page = await fetch(gatewayUrl, { headers: { accept: 'text/html' } });
  assert.notEqual(page.headers.get('content-type')?.startsWith('text/html'), true, 'no GraphiQL in production');
});
