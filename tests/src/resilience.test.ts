import { stableObjectId } from '@jwh/shared';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, as, gql, processOf, stackModule, startTestStack, stopTestStack, type Stack } from './harness.js';

const TIMEOUT_MS = 1_000;
let stack: Stack;
before(async () => {
  stack = await startTestStack({ gatewayEnv: { SUBGRAPH_TIMEOUT_MS: String(TIMEOUT_MS) } });
});
after(async () => {
  for (const p of stack.processes) if (p.signalCode === null && p.exitCode === null) p.kill('SIGCONT');
  await stopTestStack(stack);
});

const QUERY = `query ($id: ID!) { resident(id: $id) { name volunteer { skills } surveyResponses { period } } }`;
const id = String(stableObjectId('demo:resident:0'));

test('a subgraph down: the others still answer, the error names it, and it recovers without a gateway restart', async () => {
  const volunteers = processOf(stack, 'volunteers');
  await stackModule.stopProcess(volunteers, 'SIGKILL');

  const down = await gql(stack.gatewayUrl, QUERY, { id }, as(stack, 'STREET_ADMIN'));
  assert.ok(down.body.data?.resident?.name, 'people-grids data still there');
  assert.ok(down.body.data?.resident?.surveyResponses.length, 'evaluations data still there');
  assert.equal(down.body.data?.resident?.volunteer, null);
  const err = down.body.errors?.find((e) => e.extensions?.serviceName === 'volunteers');
  assert.ok(err, JSON.stringify(down.body.errors));
  assert.equal(err.extensions?.code, 'SUBGRAPH_UNAVAILABLE');
  assert.doesNotMatch(JSON.stringify(down.body), /127\.0\.0\.1|localhost|ECONNREFUSED/);

  const health = (await (await fetch(stack.gatewayUrl.replace('/graphql', '/health'))).json()) as { status: string; subgraphs: Record<string, string> };
  assert.equal(health.status, 'degraded');
  assert.equal(health.subgraphs.volunteers, 'down');

  const port = new URL(stack.subgraphUrls.volunteers!).port;
  const restarted = stackModule.startProcess('volunteers', join(ROOT, 'services/volunteers/dist/src/index.js'), volunteers.procEnv!, stack.logDir);
  stack.processes.push(restarted);
  await stackModule.waitHealthy(`http://127.0.0.1:${port}/health`, 30_000, restarted);
  const back = await gql(stack.gatewayUrl, QUERY, { id }, as(stack, 'STREET_ADMIN'));
  assert.equal(back.body.errors, undefined);
  assert.ok(back.body.data?.resident?.volunteer?.skills.length);
});

test('a subgraph hung: the answer comes within the timeout + 0.5 s, names it, and recovers', async () => {
  const evaluations = processOf(stack, 'evaluations');
  evaluations.kill('SIGSTOP');
  try {
    const started = Date.now();
    const hung = await gql(stack.gatewayUrl, QUERY, { id }, as(stack, 'STREET_ADMIN'));
    const elapsed = Date.now() - started;
    assert.ok(elapsed < TIMEOUT_MS + 500, `answered in ${elapsed} ms`);
    assert.ok(hung.body.data?.resident?.name);
    assert.equal(hung.body.data?.resident?.surveyResponses, null);
    const err = hung.body.errors?.find((e) => e.extensions?.serviceName === 'evaluations');
    assert.ok(err, JSON.stringify(hung.body.errors));
    assert.match(err.message, /evaluations/);
  } finally {
    evaluations.kill('SIGCONT');
  }
  const back = await gql(stack.gatewayUrl, QUERY, { id }, as(stack, 'STREET_ADMIN'));
  assert.equal(back.body.errors, undefined);
  assert.ok(back.body.data?.resident?.surveyResponses.length);
});
