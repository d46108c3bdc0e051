// `npm run bench`: evaluations. (1) A draw of 1% of a streamed population of 1,000,000 residents
// (`--population`), as the draw job does it (a counting pass for rates, then the draw), with the
// heap watched. (2) Running totals: a wave over a community of 50,000 residents with 10,000
// responses (`--responses`): the first `--http` of them submitted through GraphQL (validation, the
// wave lock, the totals), the next `--apply` applied with the same code directly, the rest bulk
// loaded (responses and their summed totals in one go); then the rates read through GraphQL
// against a scan of every response. A measurement, not a test.
import { stableObjectId, stepsSection, writeBenchmarkSection } from '@jwh/platform';
import { benchEnv, identityHeaders, gql, testOverrides } from '@jwh/testkit';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEvaluations } from '../src/app.js';
import { loadEnvironment } from '../src/environment.js';
import { applyResponse, rateAggregateId } from '../src/services/aggregates.js';
import { countStrata, draw, type Candidate } from '../src/services/sampling.js';
import { builtInSurvey } from '../src/services/survey.service.js';
import { responseIncrements } from '../src/services/tally.js';

const { values } = parseArgs({
  options: {
    population: { type: 'string', default: '1000000' },
    residents: { type: 'string', default: '50000' },
    responses: { type: 'string', default: '10000' },
    http: { type: 'string', default: '500' },
    apply: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '8' },
    'no-write': { type: 'boolean', default: false },
  },
});
const loadAtStart = loadavg()[0]!;
const POPULATION = Number(values.population);
const RESIDENTS = Number(values.residents);
const RESPONSES = Number(values.responses);
const HTTP = Math.min(Number(values.http), RESPONSES);
const APPLY = Math.min(Number(values.apply), RESPONSES - HTTP);
const CONCURRENCY = Number(values.concurrency);
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const rows: [string, string][] = [];
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

// ---- (1) the draw
{
  const grids = Math.ceil(POPULATION / 2_200);
  function* population(): Generator<Candidate> {
    for (let i = 0; i < POPULATION; i++)
      // Ids as a cursor would hand them over (24 hex characters); the rank's SHA-256 spreads them,
      // so the bench spends nothing of its own hashing them.
      yield { id: i.toString(16).padStart(24, '0'), householdId: `h${Math.floor(i / 2.5)}`, stratum: `grid:${i % grids}` };
  }
  // Live heap after a collection, every 100,000 candidates (run with --expose-gc, as `npm run bench` does).
  let peak = 0;
  const watch = (seen: number) => {
    if (seen % 100_000) return;
    global.gc?.();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  global.gc?.();
  const base = process.memoryUsage().heapUsed;
  let t = process.hrtime.bigint();
  const { counts, seen } = await countStrata(population(), watch);
  const counting = ms(t);
  t = process.hrtime.bigint();
  const d = await draw(population(), { seed: 'bench-seed', sizeOf: (s) => Math.ceil(0.01 * counts.get(s)!), spare: 5, onProgress: watch });
  const drawing = ms(t);
  const drawn = Object.values(d.strata).reduce((n, s) => n + s.sample.length, 0);
  rows.push([
    'draw 1% of a streamed population',
    `${seen.toLocaleString()} residents in ${grids} grid strata → ${drawn.toLocaleString()} drawn; counting ${(counting / 1000).toFixed(1)} s, drawing ${(drawing / 1000).toFixed(1)} s (${Math.round(seen / (drawing / 1000)).toLocaleString()} candidates/s)`,
  ]);
  rows.push([
    'draw heap (live, after GC)',
    `peak ${mib(peak)}, base ${mib(base)}: ${mib(peak - base)} held by the draw while streaming ${seen.toLocaleString()} candidates`,
  ]);
  process.stderr.write(`${rows.at(-2)![1]}\n${rows.at(-1)![1]}\n`);
}

// ---- (2) running totals
const env = loadEnvironment(
  testOverrides({
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    MONGO_DB_PREFIX: `bench${Date.now().toString(36)}_`,
    PEOPLE_GRIDS_URL: 'http://127.0.0.1:9/graphql',
    SERVICE_MATTERS_URL: 'http://127.0.0.1:9/graphql',
  }),
);
const sg = await startEvaluations(env);
try {
  const m = sg.models;
  const community = stableObjectId('bench:community');
  const grids = Array.from({ length: 60 }, (_, g) => stableObjectId(`bench:grid:${g}`));
  const staff = Array.from({ length: 18 }, (_, s) => stableObjectId(`bench:staff:${s}`));
  const survey = await builtInSurvey(m);
  const wave = await m.SurveyWave.create({
    clientRequestId: `bench-${Date.now()}`,
    title: '基准调查',
    period: '2026-Q4',
    surveyId: survey._id,
    scope: { level: 'COMMUNITY', communityIds: [community], gridIds: [] },
    plan: { perGrid: { size: 170, rate: null }, perWorker: null, excludeRecentWaves: 0, spare: 0 },
    serviceFrom: '2026-10-01',
    serviceTo: '2026-12-31',
    status: 'OPEN',
    createdBy: 'bench',
  });
  // 10,000 drawn residents of a community of 50,000 (one in five), in 60 grids and 18 workers' strata.
  let t = process.hrtime.bigint();
  const items = Array.from({ length: RESPONSES }, (_, i) => {
    const r = i * Math.floor(RESIDENTS / RESPONSES);
    return {
      _id: stableObjectId(`bench:item:${i}`),
      waveId: wave._id,
      drawId: wave._id,
      residentId: stableObjectId(`bench:resident:${r}`),
      householdId: stableObjectId(`bench:household:${r}`),
      communityId: community,
      gridId: grids[i % grids.length],
      stratum: i % 3 ? `grid:${String(grids[i % grids.length])}` : `worker:${String(staff[i % staff.length])}`,
      kind: i % 3 ? 'GRID' : 'WORKER',
      staffId: i % 3 ? null : staff[i % staff.length],
      rank: String(i).padStart(8, '0'),
      status: 'SELECTED',
    };
  });
  for (let i = 0; i < items.length; i += 1_000) await m.DrawItem.insertMany(items.slice(i, i + 1_000));
  rows.push(['setup', `${RESPONSES.toLocaleString()} draw items in ${(ms(t) / 1000).toFixed(1)} s`]);

  const places = ['HOME', 'PUBLIC_SPACE', 'SERVICE_STATION', 'COMMITTEE_OFFICE', 'MORNING_EXERCISE_SITE'];
  const answer = (i: number) => {
    const saw = i % 10 < 8;
    const talked = saw && i % 10 < 6;
    return {
      sawMember: saw,
      sawWhere: saw ? [places[i % 5]!] : [],
      talkedWithMember: talked,
      talkedWhere: talked ? [places[(i + 1) % 5]!] : [],
      satisfaction: ['BASIC', 'SATISFIED', 'VERY_SATISFIED'][i % 3]!,
    };
  };
  const headers = () => identityHeaders({ role: 'STREET_ADMIN', communityIds: [String(community)] }, env);
  const SUBMIT = `mutation ($input: SubmitSurveyResponseInput!) { submitSurveyResponse(input: $input) { id } }`;
  const inParallel = async (from: number, to: number, fn: (i: number) => Promise<void>) => {
    let next = from;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < to) await fn(next++);
      }),
    );
  };

  const latencies: number[] = [];
  t = process.hrtime.bigint();
  await inParallel(0, HTTP, async (i) => {
    const s = process.hrtime.bigint();
    const { body } = await gql(sg.url, SUBMIT, { input: { drawItemId: String(items[i]!._id), newThreeRates: answer(i) } }, await headers());
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    latencies.push(ms(s));
  });
  const httpMs = ms(t);
  rows.push([
    'submit through GraphQL',
    `${HTTP} responses, ${CONCURRENCY} at a time: ${(HTTP / (httpMs / 1000)).toFixed(0)}/s, p50 ${pct(latencies, 50).toFixed(0)} ms, p99 ${pct(latencies, 99).toFixed(0)} ms`,
  ]);
  process.stderr.write(`${rows.at(-1)![1]}\n`);

  t = process.hrtime.bigint();
  const rest = items.slice(HTTP).map((item, k) => {
    const i = HTTP + k;
    return {
      _id: stableObjectId(`response:${String(item._id)}`),
      drawItemId: item._id,
      waveId: wave._id,
      residentId: item.residentId,
      communityId: community,
      gridId: item.gridId,
      staffId: item.staffId,
      period: '2026-Q4',
      ...answer(i),
      membersKnown: i % 3,
      submittedBy: 'bench',
      // The bulk-loaded ones go in counted (their sums are added below); the applied ones are not yet.
      aggregated: k >= APPLY,
    };
  });
  for (let i = 0; i < rest.length; i += 1_000) await m.SurveyResponse.insertMany(rest.slice(i, i + 1_000));
  const insertMs = ms(t);
  t = process.hrtime.bigint();
  const deps = {
    models: m,
    redis: (await import('@jwh/platform')).createRedis(env.REDIS_URL, 'client', sg.logger),
    queuePrefix: env.QUEUE_PREFIX,
  };
  // A client connection queues nothing offline: wait until it is ready before the first command.
  if (deps.redis.status !== 'ready') await new Promise((resolve) => deps.redis.once('ready', resolve));
  await inParallel(0, APPLY, async (k) => applyResponse(deps, rest[k]!._id));
  const applyMs = ms(t);
  await deps.redis.quit();
  rows.push([
    'apply to running totals',
    `${APPLY.toLocaleString()} responses (all ${rest.length.toLocaleString()} inserted in ${(insertMs / 1000).toFixed(1)} s) applied ${CONCURRENCY} at a time in ${(applyMs / 1000).toFixed(1)} s: ${(APPLY / (applyMs / 1000)).toFixed(0)}/s`,
  ]);
  process.stderr.write(`${rows.at(-1)![1]}\n`);
  // The rest: their increments summed per total and added in one update each (a bulk load).
  t = process.hrtime.bigint();
  const bulk = rest.slice(APPLY);
  const sums = new Map<string, { filter: Record<string, unknown>; inc: Record<string, number> }>();
  for (const x of bulk) {
    const scopes: [string, unknown][] = x.staffId
      ? [['WORKER', x.staffId]]
      : [
          ['WAVE', wave._id],
          ['COMMUNITY', community],
          ['GRID', x.gridId],
        ];
    for (const [level, scopeId] of scopes) {
      const k = `${level}:${String(scopeId)}`;
      const e = sums.get(k) ?? { filter: { _id: rateAggregateId(wave._id, level, scopeId) }, inc: {} };
      for (const [f, v] of Object.entries(responseIncrements(x))) e.inc[f] = (e.inc[f] ?? 0) + v;
      sums.set(k, e);
    }
  }
  for (const e of sums.values()) await m.RateAggregate.updateOne(e.filter, { $inc: e.inc }, { upsert: true }).exec();
  rows.push([
    'bulk load',
    `${bulk.length.toLocaleString()} more responses summed into ${sums.size} totals in ${(ms(t) / 1000).toFixed(1)} s`,
  ]);

  const RATES = `query ($w: ID!, $l: RateScopeLevel!, $s: ID) { threeRates(waveId: $w, level: $l, scopeId: $s) { responses meetingRate { rate low high } familiarityRate { rate } satisfactionRate { rate } meetingPlaces { place count } } }`;
  const read = async (label: string, variables: Record<string, unknown>) => {
    const times: number[] = [];
    let result: any;
    for (let r = 0; r < 20; r++) {
      const s = process.hrtime.bigint();
      const { body } = await gql(sg.url, RATES, variables, await headers());
      times.push(ms(s));
      result = body.data?.threeRates ?? body.errors;
    }
    rows.push([
      label,
      `p50 ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms → ${JSON.stringify(result).slice(0, 140)}`,
    ]);
    return result;
  };
  const whole = await read('rates of the community (by id)', { w: String(wave._id), l: 'COMMUNITY', s: String(community) });
  // Worker-stratum respondents count for their worker only (one in three here).
  const expected = items.filter((i) => !i.staffId).length;
  if (whole[0].responses !== expected)
    throw new Error(`running total ${whole[0].responses} ≠ ${expected} grid-stratum responses: an update was lost`);
  rows.push([
    'running totals exact',
    `community total n = ${whole[0].responses} = the grid-stratum responses (none lost under ${CONCURRENCY}-way concurrency)`,
  ]);
  await read('rates of all 60 grids', { w: String(wave._id), l: 'GRID' });
  await read('rates of a worker (by id)', { w: String(wave._id), l: 'WORKER', s: String(staff[0]) });

  // What the totals avoid: reading every response to compute the same.
  const scans: number[] = [];
  for (let r = 0; r < 3; r++) {
    const s = process.hrtime.bigint();
    const all = await m.SurveyResponse.find({ waveId: wave._id, communityId: community }).lean().exec();
    const totals: Record<string, number> = {};
    for (const x of all) for (const [k, v] of Object.entries(responseIncrements(x))) totals[k] = (totals[k] ?? 0) + v;
    scans.push(ms(s));
  }
  rows.push(['the same by scanning responses', `p50 ${pct(scans, 50).toFixed(0)} ms (what the running totals avoid)`]);
} finally {
  await sg.conn.dropDatabase();
  await sg.stop();
}
const width = Math.max(...rows.map(([k]) => k.length));
console.log('\nevaluations');
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
if (!values['no-write']) {
  const body = stepsSection(
    `\`npm run bench -- evaluations\` (services/evaluations/bench/evaluations.bench.ts). Goal (issue 12): the 1% draw from 1,000,000 residents in < 10 s and < 300 MB.`,
    rows,
    benchEnv().BENCH_MONGO_ENGINE,
    loadAtStart,
  );
  writeBenchmarkSection(
    fileURLToPath(new URL('../../../../docs/benchmarks.md', import.meta.url)),
    'B3',
    'B3 the 1% draw and running totals',
    body,
  );
}
