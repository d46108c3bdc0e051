// B6 (issue 13): what the gateway's limits still let through, and what that costs the engine. On the
// full demo (or `--scale district`), the costliest operations the limits accept are run one at a
// time through the gateway: their latency and the CPU each process spent on them. Writes its
// section of docs/benchmarks.md unless `--no-write`.
import { operationCost } from '@jwh/gateway/cost';
import { envShape } from '@jwh/gateway/environment';
import { stepsSection, writeBenchmarkSection } from '@jwh/platform';
import { buildASTSchema, parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EVERYDAY_OPERATIONS, discoverFixture } from '../everyday-operations.js';
import { ROOT, startTestStack, stopTestStack } from '../harness.js';
import { benchEnv } from './environment.js';
import { cpuByProcessKind } from './processes.js';
import { gql } from '@jwh/testkit';

const { values: opts } = parseArgs({
  options: {
    scale: { type: 'string', default: 'full' },
    runs: { type: 'string', default: '5' },
    'no-write': { type: 'boolean', default: false },
  },
});
const env = benchEnv();
const runs = Number(opts.runs);
const MAX_COST = envShape.MAX_OPERATION_COST.parse(undefined);
const schema = buildASTSchema(parse(readFileSync(join(ROOT, 'gateway/supergraph.graphql'), 'utf8')), { assumeValidSDL: true });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The operations measured: the worst the limits accept, and the costliest everyday one beside them. */
function probes(communityId: string): { name: string; query: string; variables?: Record<string, unknown> }[] {
  const deep = (alias: string, n: number) => `${alias}: residents(first: ${n}) { nodes { id household { members { id } } } }`;
  const withLast = (n: number) => `{ ${deep('a', 200)} ${deep('b', 200)} ${deep('c', 80)} d: residents(first: ${n}) { nodes { id } } }`;
  const last = MAX_COST - operationCost(schema, parse(withLast(1))) + 1;
  const searches = (n: number) =>
    `{ ${Array.from({ length: n }, (_, i) => `s${i}: residents(first: 20, filter: { namePrefix: "${'王李张刘'[i]}" }) { totalCount nodes { id name } }`).join(' ')} }`;
  const elders = EVERYDAY_OPERATIONS.find((op) => op.name === 'EldersOfTier')!;
  return [
    {
      name: `four name searches with counts (the most one operation may hold: ${operationCost(schema, parse(searches(4)))} of ${MAX_COST})`,
      query: searches(4),
    },
    { name: `four pages of residents with their households' members (cost exactly ${MAX_COST})`, query: withLast(last) },
    { name: `one name search (B1 ResidentSearch, cost ${operationCost(schema, parse(searches(1)))})`, query: searches(1) },
    {
      name: `EldersOfTier (the costliest B1 operation, ${operationCost(schema, parse(elders.query), { c: communityId })})`,
      query: elders.query,
      variables: { c: communityId },
    },
  ];
}

const load0 = loadavg()[0]!;
const stack = await startTestStack({
  extraEnv: { DEMO_SCALE: opts.scale! },
  gatewayEnv: { RATE_LIMIT_PER_MINUTE: '10000000', SUBGRAPH_TIMEOUT_MS: '30000' },
  // The full demo loads in a minute or two; a district, or a busy machine, takes longer.
  startTimeoutMs: 900_000,
});
try {
  const fixture = await discoverFixture(stack.gatewayUrl, stack.tokens);
  const headers = { authorization: `Bearer ${stack.tokens.STREET_ADMIN}` };
  const rows: [string, string][] = [];
  for (const probe of probes(fixture.communityId)) {
    const ask = async () => {
      const { status, body } = await gql(stack.gatewayUrl, probe.query, probe.variables ?? {}, headers);
      if (status !== 200 || body.errors?.length) throw new Error(`${probe.name}: ${status} ${JSON.stringify(body.errors).slice(0, 300)}`);
    };
    await ask();
    const ms: number[] = [];
    const before = cpuByProcessKind();
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await ask();
      ms.push(performance.now() - t0);
    }
    const after = cpuByProcessKind();
    const cpu = Object.entries(after)
      .map(([k, v]) => [k, ((v - (before[k] ?? 0)) * 1000) / runs] as const)
      .filter(([, v]) => v >= 5)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${Math.round(v)}`)
      .join(', ');
    rows.push([probe.name, `median ${Math.round(median(ms))} ms (of ${runs}); CPU ms a request: ${cpu || 'under 5 everywhere'}`]);
    process.stdout.write(`${probe.name}: median ${Math.round(median(ms))} ms; CPU ms/request ${cpu}\n`);
  }
  const body = stepsSection(
    `The costliest operations the gateway's limits accept (cost limit ${MAX_COST} rows; a name search counts 1,000), run one at a time as the street admin on the ${opts.scale} demo; CPU milliseconds each kind of process spent per request (/proc).`,
    rows,
    env.BENCH_MONGO_ENGINE,
    load0,
  );
  if (!opts['no-write']) writeBenchmarkSection(join(ROOT, 'docs/benchmarks.md'), 'B6', 'B6 what the limits let through', body);
} finally {
  await stopTestStack(stack);
}
