import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, as, processOf, stackModule, startTestStack, stopTestStack, type Stack, type StackProcess } from './harness.js';
import { demoId, gql, type GraphQLResponse } from '@jwh/testkit';

// The gateway's default per-subgraph timeout. The load tests send a few hundred requests a minute
// as one user: above the default rate limit, which is not what they test.
const TIMEOUT_MS = 2_000;
let stack: Stack;
before(async () => {
  stack = await startTestStack({ gatewayEnv: { SUBGRAPH_TIMEOUT_MS: String(TIMEOUT_MS), RATE_LIMIT_PER_MINUTE: '100000' } });
});
after(async () => {
  for (const p of stack.processes) if (p.signalCode === null && p.exitCode === null) p.kill('SIGCONT');
  await stopTestStack(stack);
});

const QUERY = `query ($id: ID!) { resident(id: $id) { name volunteer { skills } surveyResponses { period } } }`;
const id = demoId('demo:resident:0');

type Answer = GraphQLResponse<{
  resident: { name: string; volunteer: { skills: string[] } | null; surveyResponses: { period: string }[] | null } | null;
}>;

/** A partial answer: people-grids' data there, `subgraph`'s field null, an error naming `subgraph` (returned). */
function partialAnswer(body: Answer, subgraph: string, field: 'volunteer' | 'surveyResponses') {
  assert.ok(body.data?.resident?.name, 'people-grids data still there');
  assert.equal(body.data?.resident?.[field], null);
  const err = body.errors?.find((e) => e.extensions?.serviceName === subgraph);
  assert.ok(err, JSON.stringify(body.errors));
  return err;
}

/** A partial answer whose error says SUBGRAPH_UNAVAILABLE and leaks no address. */
function unavailableAnswer(body: Answer, subgraph: string, field: 'volunteer' | 'surveyResponses') {
  const err = partialAnswer(body, subgraph, field);
  assert.equal(err.extensions?.code, 'SUBGRAPH_UNAVAILABLE');
  assert.doesNotMatch(JSON.stringify(body), /127\.0\.0\.1|localhost|ECONNREFUSED/);
}

/** Starts the volunteers subgraph again, on its port with the environment of `killed`; resolves once it is healthy. */
async function restartVolunteers(killed: StackProcess) {
  const port = new URL(stack.subgraphUrls.volunteers!).port;
  const restarted = stackModule.startProcess(
    'volunteers',
    join(ROOT, 'services/volunteers/dist/src/index.js'),
    killed.procEnv!,
    stack.logDir,
  );
  restarted.procEnv = killed.procEnv;
  stack.processes.push(restarted);
  await stackModule.waitHealthy(`http://127.0.0.1:${port}/health`, 30_000, restarted);
}

test('a subgraph down: the others still answer, the error names it, and it recovers without a gateway restart', async () => {
  const volunteers = processOf(stack, 'volunteers');
  await stackModule.stopProcess(volunteers, 'SIGKILL');

  const down = await gql(stack.gatewayUrl, QUERY, { id }, as(stack, 'STREET_ADMIN'));
  assert.ok(down.body.data?.resident?.surveyResponses.length, 'evaluations data still there');
  unavailableAnswer(down.body, 'volunteers', 'volunteer');

  const health = (await (await fetch(stack.gatewayUrl.replace('/graphql', '/health'))).json()) as {
    status: string;
    subgraphs: Record<string, string>;
  };
  assert.equal(health.status, 'degraded');
  assert.equal(health.subgraphs.volunteers, 'down');

  await restartVolunteers(volunteers);
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
    const err = partialAnswer(hung.body, 'evaluations', 'surveyResponses');
    assert.match(err.message, /evaluations/);
  } finally {
    evaluations.kill('SIGCONT');
  }
  const back = await gql(stack.gatewayUrl, QUERY, { id }, as(stack, 'STREET_ADMIN'));
  assert.equal(back.body.errors, undefined);
  assert.ok(back.body.data?.resident?.surveyResponses.length);
});

// F1 under load: CONCURRENCY clients, each sending the query again as soon as it is answered.
const CONCURRENCY = 20;
interface Sample {
  ms: number;
  body: Answer;
}
async function underLoad(ms: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  const until = Date.now() + ms;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, i) => {
      // Clients start 50 ms apart: 20 requests a second arrive spread out, not in waves.
      await new Promise((r) => setTimeout(r, i * 50));
      while (Date.now() < until) {
        const t0 = Date.now();
        const { body } = await gql(stack.gatewayUrl, QUERY, { id }, as(stack, 'STREET_ADMIN'));
        samples.push({ ms: Date.now() - t0, body });
      }
    }),
  );
  return samples;
}
const withErrors = (samples: Sample[]) => samples.filter((s) => s.body.errors?.length);
/** Load until a whole window answers without an error; how long that took. */
async function untilClean(limitMs: number): Promise<{ ms: number; samples: number }> {
  const t0 = Date.now();
  for (;;) {
    const window = await underLoad(1_000);
    if (!withErrors(window).length) return { ms: Date.now() - t0, samples: window.length };
    assert.ok(Date.now() - t0 < limitMs, `errors still after ${Date.now() - t0} ms: ${JSON.stringify(withErrors(window)[0]?.body.errors)}`);
  }
}
/** Every answer during the fault: the others' data, the faulty subgraph's field null, an error naming it, in time. */
function assertPartial(samples: Sample[], service: string, field: 'volunteer' | 'surveyResponses') {
  assert.ok(samples.length >= CONCURRENCY, `${samples.length} answers`);
  const late = samples.filter((s) => s.ms >= TIMEOUT_MS + 500);
  assert.equal(
    late.length,
    0,
    `${late.length} of ${samples.length} answers later than ${TIMEOUT_MS + 500} ms (p95 ${p95(samples)} ms, slowest ${Math.max(...late.map((s) => s.ms))} ms)`,
  );
  for (const s of samples) unavailableAnswer(s.body, service, field);
}
/** The running process of that name (an earlier test may have replaced the one the stack started). */
const running = (name: string) => {
  const p = stack.processes.findLast((x) => x.procName === name && x.exitCode === null && x.signalCode === null);
  if (!p) throw new Error(`no running ${name}`);
  return p;
};
const p95 = (samples: Sample[]) => samples.map((s) => s.ms).sort((a, b) => a - b)[Math.floor(samples.length * 0.95)] ?? 0;

test('F1 under load (20 concurrent clients): a subgraph killed, every answer partial and naming it within the timeout + 0.5 s; errors back to 0 once it returns, no gateway restart', async (t) => {
  const gateway = running('gateway');
  const healthy = await underLoad(1_000);
  assert.equal(withErrors(healthy).length, 0, JSON.stringify(withErrors(healthy)[0]?.body.errors));

  const volunteers = running('volunteers');
  await stackModule.stopProcess(volunteers, 'SIGKILL');
  const down = await underLoad(3_000);
  assertPartial(down, 'volunteers', 'volunteer');

  await restartVolunteers(volunteers);
  const clean = await untilClean(10_000);
  const after = await underLoad(2_000);
  assert.equal(withErrors(after).length, 0, JSON.stringify(withErrors(after)[0]?.body.errors));
  assert.ok(after.every((s) => s.body.data?.resident?.volunteer?.skills.length));
  assert.equal(gateway.exitCode, null, 'the gateway was not restarted');
  t.diagnostic(
    `F1 killed: healthy p95 ${p95(healthy)} ms; ${down.length} answers in 3 s while down, all partial with SUBGRAPH_UNAVAILABLE naming volunteers, p95 ${p95(down)} ms, ` +
      `slowest ${Math.max(...down.map((s) => s.ms))} ms; after its restart a clean 1 s window after ${clean.ms} ms, then ${after.length} answers, 0 errors`,
  );
});

test('F1 under load (20 concurrent clients): a subgraph hung, every answer partial and naming it within the timeout + 0.5 s; errors back to 0 once it resumes', async (t) => {
  const gateway = running('gateway');
  const evaluations = running('evaluations');
  const healthy = await underLoad(1_000);
  assert.equal(withErrors(healthy).length, 0, JSON.stringify(withErrors(healthy)[0]?.body.errors));
  evaluations.kill('SIGSTOP');
  let hung: Sample[];
  try {
    hung = await underLoad(3_000);
  } finally {
    evaluations.kill('SIGCONT');
  }
  assertPartial(hung, 'evaluations', 'surveyResponses');
  const clean = await untilClean(10_000);
  const after = await underLoad(2_000);
  assert.equal(withErrors(after).length, 0, JSON.stringify(withErrors(after)[0]?.body.errors));
  assert.ok(after.every((s) => s.body.data?.resident?.surveyResponses?.length));
  assert.equal(gateway.exitCode, null, 'the gateway was not restarted');
  t.diagnostic(
    `F1 hung: healthy p95 ${p95(healthy)} ms; ${hung.length} answers in 3 s while hung, all partial with SUBGRAPH_UNAVAILABLE naming evaluations, p95 ${p95(hung)} ms, ` +
      `slowest ${Math.max(...hung.map((s) => s.ms))} ms; after SIGCONT a clean 1 s window after ${clean.ms} ms, then ${after.length} answers, 0 errors`,
  );
});
