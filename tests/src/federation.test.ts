import { stableObjectId } from '@jwh/platform';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { as, logsOf, servicesCalledWith, stackForTests, stopTestStack } from './harness.js';
import { gql } from '@jwh/testkit';

const stack = stackForTests();

const RESIDENT_ACROSS_THE_GRAPH = `query ResidentAcrossTheGraph($id: ID!) {
  resident(id: $id) {
    id name elderTier household { address grid { name } }
    serviceRequests { type { code name } status channel }
    volunteer { skills pointsBalance }
    surveyResponses { period satisfaction }
  }
}`;

test('one query through the gateway touches all four subgraphs', async () => {
  const id = String(stableObjectId('demo:resident:0'));
  const { status, body } = await gql(stack.gatewayUrl, RESIDENT_ACROSS_THE_GRAPH, { id }, as(stack, 'STREET_ADMIN'));
  assert.equal(status, 200);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  const r = body.data.resident;
  assert.equal(r.id, id);
  assert.ok(r.name, 'people-grids: name');
  assert.ok(r.household.grid.name, 'people-grids: household and grid');
  assert.ok(r.serviceRequests.length >= 1 && r.serviceRequests[0].type.name, 'service-matters: requests with their catalogue type');
  assert.ok(r.volunteer.skills.length >= 1, 'volunteers: profile');
  assert.equal(r.surveyResponses[0].period, '2026-Q3', 'evaluations: survey response');
});

test('a list of 100 residents costs each other subgraph one call, not one per resident', async () => {
  const requestId = `e2e-${Date.now()}-batch`;
  const { body } = await gql(
    stack.gatewayUrl,
    `{ residents(first: 100) { nodes { id serviceRequests { status } volunteer { pointsBalance } surveyResponses { period } } } }`,
    undefined,
    { 'x-request-id': requestId, ...as(stack, 'STREET_ADMIN') },
  );
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  assert.equal(body.data.residents.nodes.length, 100);
  const calls = await servicesCalledWith(stack, requestId);
  for (const service of ['people-grids', 'service-matters', 'volunteers', 'evaluations']) {
    assert.equal(calls.filter((s) => s === service).length, 1, `${service} was called ${calls.filter((s) => s === service).length} times`);
  }
});

test('the request id travels from the client through the gateway to every subgraph log', async () => {
  const requestId = `e2e-${Date.now()}-trace`;
  const { headers } = await gql(
    stack.gatewayUrl,
    RESIDENT_ACROSS_THE_GRAPH,
    { id: String(stableObjectId('demo:resident:0')) },
    { 'x-request-id': requestId, ...as(stack, 'STREET_ADMIN') },
  );
  assert.equal(headers.get('x-request-id'), requestId);
  await new Promise((r) => setTimeout(r, 200));
  const services = new Set(
    logsOf(stack)
      .split('\n')
      .filter((l) => l.includes(requestId))
      .map((l) => (JSON.parse(l) as { service: string }).service),
  );
  assert.deepEqual([...services].sort(), ['evaluations', 'gateway', 'people-grids', 'service-matters', 'volunteers']);
});

test('health lists every subgraph and metrics count operations', async () => {
  const base = stack.gatewayUrl.replace('/graphql', '');
  const health = (await (await fetch(`${base}/health`)).json()) as { status: string; subgraphs: Record<string, string> };
  assert.deepEqual(health, {
    status: 'ok',
    service: 'gateway',
    subgraphs: { 'people-grids': 'up', 'service-matters': 'up', volunteers: 'up', evaluations: 'up' },
  });
  const metrics = await (await fetch(`${base}/metrics`)).text();
  assert.match(metrics, /graphql_requests_total\{operation="ResidentAcrossTheGraph",outcome="ok",service="gateway"\} [1-9]/);
  assert.match(metrics, /graphql_request_duration_seconds_bucket/);
  for (const url of Object.values(stack.subgraphUrls)) {
    const sub = await (await fetch(url.replace('/graphql', '/metrics'))).text();
    assert.match(sub, /mongo_commands_total/);
  }
});

test('GraphiQL is served from the gateway without any CDN', async () => {
  const res = await fetch(stack.gatewayUrl, { headers: { accept: 'text/html' } });
  const html = await res.text();
  assert.equal(res.status, 200);
  const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(assets.length >= 4);
  for (const asset of assets) {
    assert.ok(asset.startsWith('/'), `${asset} must be served locally`);
    const a = await fetch(new URL(asset, stack.gatewayUrl));
    assert.equal(a.status, 200, asset);
  }
});

test('SIGTERM: every process finishes its shutdown steps and exits 0', async () => {
  await stopTestStack(stack);
  for (const p of stack.processes) assert.equal(p.exitCode, 0, `${p.procName} exited with ${p.exitCode} / ${p.signalCode}`);
  const stopped = logsOf(stack)
    .split('\n')
    .filter((l) => l.includes('"msg":"stopped"'))
    .map((l) => (JSON.parse(l) as { service: string }).service);
  assert.deepEqual(stopped.sort(), [
    'evaluations',
    'evaluations-worker',
    'gateway',
    'people-grids',
    'people-grids-worker',
    'reminders-worker',
    'service-matters',
    'volunteers',
  ]);
});
