import { DEMO_USERS } from '@jwh/gateway/dev-keys';
import { rank } from '@jwh/evaluations/sampling';
import { wilson } from '@jwh/evaluations/wilson';
import mongoose from 'mongoose';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { env } from './environment.js';
import { as, stackForTests } from './harness.js';
import { demoId as id, roleClient, expectRefusal } from '@jwh/testkit';

// Draws are polled several times a second with 200 items each: the gateway's cost-weighted rate
// limit is not what these tests are about.
const stack = stackForTests({ gatewayEnv: { RATE_LIMIT_PER_MINUTE: '100000' } });

type Role = keyof typeof DEMO_USERS;
const community0 = id('demo:community:0');
const worker = DEMO_USERS.GRID_WORKER.staff_id as string;
const { call, ok } = roleClient<Role>(
  () => stack.gatewayUrl,
  (role) => as(stack, role),
);
const refused = expectRefusal;
let n = 0;
const key = () => `e2e-eval-${Date.now()}-${n++}`;

const CREATE_WAVE = `mutation ($input: CreateSurveyWaveInput!) { createSurveyWave(input: $input) { id status period serviceFrom serviceTo plan { perGrid { size } perWorker { size } excludeRecentWaves spare } } }`;
const START = `mutation ($w: ID!, $seed: String!) { startSampleDraw(waveId: $w, seed: $seed) { id seed status } }`;
const DRAW = `query ($id: ID!) { sampleDraw(id: $id) { id seed status failure progress { phase seen total percent } populationSize excluded
  strata { key kind planned drawn population reserveLeft grid { id } worker { id } }
  items(first: 200) { totalCount nodes { id stratum kind rank status answered resident { id } household { id } grid { id } worker { id } } } } }`;
const ITEMS = `query ($id: ID!, $status: DrawItemStatus, $stratum: String) { sampleDraw(id: $id) { items(first: 200, status: $status, stratum: $stratum) { nodes { id stratum kind rank status replaces replacement { reason replacedBy } resident { id } household { id } worker { id } } } } }`;

interface Item {
  id: string;
  stratum: string;
  kind: string;
  rank: string;
  status: string;
  resident: { id: string };
  household: { id: string };
  worker: { id: string } | null;
}

interface Stratum {
  key: string;
  kind: string;
  planned: number;
  drawn: number;
  population: number;
  reserveLeft: number;
  worker: { id: string } | null;
}
interface Draw {
  id: string;
  status: string;
  progress: { phase: string; seen: number; total: number | null; percent: number | null };
  populationSize: number;
  excluded: number;
  strata: Stratum[];
  phases: Set<string>;
  items: Item[];
}

async function createWave(plan: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const input = {
    clientRequestId: key(),
    title: '2026年第四季度新三率调查',
    period: '2026-Q4',
    scope: { level: 'COMMUNITY', communityIds: [community0] },
    plan,
    // Several waves of one quarter and community here are declared re-surveys (eval-fieldwork tests the refusal).
    resurvey: true,
    resurveyReason: '同一季度重复抽样,检验可复现性 (reproducibility check)',
    ...extra,
  };
  return (await ok('STREET_ADMIN', CREATE_WAVE, { input })).createSurveyWave as { id: string; status: string };
}

/** Starts a wave's draw and polls it to the end, recording the progress seen on the way. */
async function drawWave(waveId: string, seed: string): Promise<Draw> {
  const started = (await ok('STREET_ADMIN', START, { w: waveId, seed })).startSampleDraw;
  const deadline = Date.now() + 120_000;
  const phases = new Set<string>();
  for (;;) {
    const d = (await ok('STREET_ADMIN', DRAW, { id: started.id })).sampleDraw;
    phases.add(d.progress.phase);
    if (d.status === 'DONE') {
      // The walk list is the sample; the reserve is asked for by status.
      const reserve = (await ok('STREET_ADMIN', ITEMS, { id: started.id, status: 'RESERVE' })).sampleDraw.items.nodes as Item[];
      return { ...d, phases, items: [...(d.items.nodes as Item[]), ...reserve] };
    }
    assert.notEqual(d.status, 'FAILED', d.failure);
    assert.ok(Date.now() < deadline, 'draw finished in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const sample = (items: Item[]) => items.filter((i) => i.status === 'SELECTED');
const byStratum = (items: Item[]) =>
  Object.fromEntries(
    [...new Set(items.map((i) => i.stratum))].sort().map((s) => [
      s,
      sample(items)
        .filter((i) => i.stratum === s)
        .map((i) => i.resident.id)
        .sort(),
    ]),
  );

const plan = { perGrid: { size: 4 }, perWorker: { size: 3 }, excludeRecentWaves: 0, spare: 3 };
const SEED = '2026-12-31 上证综指收盘 3401.27';
let waveA: { id: string; status: string };
let drawA: Draw;

test('a draw is reproducible and verifiable: same seed same sample, another seed another; strata as planned; no resident or household twice', async () => {
  // The grid worker's own service recipient this quarter: a household it visits today.
  const household = id('demo:household:3');
  await ok('GRID_WORKER', `mutation ($i: RecordVisitInput!) { recordVisit(input: $i) { id } }`, {
    i: { idempotencyKey: key(), householdId: household, placeType: 'HOME', topics: ['新三率'] },
  });

  waveA = await createWave(plan);
  assert.equal(waveA.status, 'PLANNED');
  drawA = await drawWave(waveA.id, SEED);
  const again = await drawWave((await createWave(plan)).id, SEED);
  const other = await drawWave((await createWave(plan)).id, '2027-01-04 上证综指开盘 3399.10');

  assert.deepEqual(byStratum(again.items), byStratum(drawA.items), 'same seed and population → same sample');
  assert.notDeepEqual(byStratum(other.items), byStratum(drawA.items), 'another seed → another sample');
  assert.equal(drawA.progress.percent, 100);
  assert.ok(
    drawA.progress.seen >= drawA.populationSize && drawA.populationSize > 500,
    `streamed ${drawA.progress.seen} candidates of ${drawA.populationSize} residents`,
  );

  // Strata: 9 grids of community 0, and the workers who served someone; sizes as planned.
  const grids = drawA.strata.filter((s) => s.kind === 'GRID');
  const workers = drawA.strata.filter((s) => s.kind === 'WORKER');
  assert.equal(grids.length, 9);
  assert.ok(
    workers.some((s) => s.worker?.id === worker),
    'the grid worker has its own stratum of service recipients',
  );
  for (const s of drawA.strata) {
    assert.equal(s.planned, s.kind === 'GRID' ? 4 : 3);
    assert.equal(s.drawn, Math.min(s.planned, s.population), `${s.key}: drawn as planned`);
    assert.equal(drawA.items.filter((i) => i.stratum === s.key && i.status === 'SELECTED').length, s.drawn);
  }
  const mineStratum = sample(drawA.items).filter((i) => i.worker?.id === worker);
  assert.ok(mineStratum.length >= 1);

  // No resident twice, at most one per household (reserve included), every rank checkable.
  assert.equal(new Set(drawA.items.map((i) => i.resident.id)).size, drawA.items.length);
  assert.equal(new Set(drawA.items.map((i) => i.household.id)).size, drawA.items.length);
  for (const i of drawA.items) assert.equal(i.rank, rank(SEED, i.resident.id));
  // Within a stratum, the sample is its lowest ranks, and the reserve ranks after it.
  for (const s of drawA.strata) {
    const mine = drawA.items.filter((i) => i.stratum === s.key);
    const maxSelected =
      sample(mine)
        .map((i) => i.rank)
        .sort()
        .at(-1) ?? '';
    for (const r of mine.filter((i) => i.status === 'RESERVE')) assert.ok(r.rank > maxSelected);
  }

  // The draw cannot be redone with another seed; asking again with the same seed returns it.
  refused(await call('STREET_ADMIN', START, { w: waveA.id, seed: 'a better seed' }), 'CONFLICT');
  assert.equal((await ok('STREET_ADMIN', START, { w: waveA.id, seed: SEED })).startSampleDraw.id, drawA.id);
  // Who was drawn is the street office's alone.
  refused(await call('COMMUNITY_STAFF', DRAW, { id: drawA.id }), 'FORBIDDEN');
  refused(await call('GRID_WORKER', DRAW, { id: drawA.id }), 'FORBIDDEN');
});

test('a draw with a rate counts the strata first; bad plans are refused naming the field', async () => {
  const d = await drawWave((await createWave({ perGrid: { rate: 0.02 }, excludeRecentWaves: 0 })).id, 'rate-seed-2026');
  assert.ok(d.phases.has('DONE'));
  for (const s of d.strata) assert.equal(s.planned, Math.ceil(0.02 * s.population));
  const bad = async (p: Record<string, unknown>, field: string) => {
    refused(
      await call('STREET_ADMIN', CREATE_WAVE, {
        input: {
          clientRequestId: key(),
          title: '坏计划',
          period: '2026-Q4',
          scope: { level: 'COMMUNITY', communityIds: [community0] },
          plan: p,
        },
      }),
      'BAD_USER_INPUT',
      field,
    );
  };
  await bad({}, 'input.plan');
  await bad({ perGrid: { size: 3, rate: 0.1 } }, 'input.plan.perGrid');
  await bad({ perGrid: { rate: 1.5 } }, 'input.plan.perGrid.rate');
  await bad({ perGrid: { size: 3 }, excludeRecentWaves: 9 }, 'input.plan.excludeRecentWaves');
  refused(
    await call('STREET_ADMIN', CREATE_WAVE, {
      input: {
        clientRequestId: key(),
        title: '他人社区',
        period: '2026-Q4',
        scope: { level: 'COMMUNITY', communityIds: [id('demo:community:7')] },
        plan: { perGrid: { size: 3 } },
      },
    }),
    'BAD_USER_INPUT',
    'input.scope.communityIds',
  );
});

const SUBMIT = `mutation ($input: SubmitSurveyResponseInput!) { submitSurveyResponse(input: $input) { id period sawMember sawWhere talkedWithMember membersKnown satisfaction } }`;
const RATES = `query ($w: ID!, $level: RateScopeLevel!, $s: ID) { threeRates(waveId: $w, level: $level, scopeId: $s) { level scopeId responses
  meetingRate { rate low high successes n } conversationRate { rate n } familiarityRate { rate low high successes n } satisfactionRate { rate n }
  satisfaction { basic satisfied verySatisfied } meetingPlaces { place count share } conversationPlaces { place count } } }`;

test('responses: one per draw item, validated, scored against the staff list, and the rates with Wilson intervals and places', async () => {
  // Grid-stratum respondents make the wave's, community's and grid's rates; a worker's stratum only its own.
  const items = sample(drawA.items)
    .filter((i) => i.kind === 'GRID')
    .slice(0, 6);
  const workerItem = sample(drawA.items).find((i) => i.worker?.id === worker)!;
  const staff = (await ok('STREET_ADMIN', `query ($c: ID!) { staffMembers(communityId: $c) { name dutyPhone } }`, { c: community0 }))
    .staffMembers as { name: string; dutyPhone: string | null }[];
  const [a, b] = staff;
  const answers = [
    {
      sawMember: true,
      sawWhere: ['HOME'],
      talkedWithMember: true,
      talkedWhere: ['HOME'],
      talkedAbout: '低保复核',
      namedMembers: [
        { name: a!.name, phone: a!.dutyPhone },
        { name: b!.name, phone: b!.dutyPhone },
      ],
      satisfaction: 'VERY_SATISFIED',
    },
    {
      sawMember: true,
      sawWhere: ['PUBLIC_SPACE', 'MORNING_EXERCISE_SITE'],
      talkedWithMember: true,
      talkedWhere: ['PUBLIC_SPACE'],
      namedMembers: [
        { name: a!.name, phone: a!.dutyPhone },
        { name: '不存在', phone: '123456' },
      ],
      satisfaction: 'SATISFIED',
    },
    { sawMember: true, sawWhere: ['SERVICE_STATION'], talkedWithMember: false, satisfaction: 'BASIC' },
    { sawMember: false, talkedWithMember: false, satisfaction: 'SATISFIED' },
    {
      sawMember: true,
      sawWhere: ['HOME'],
      talkedWithMember: false,
      namedMembers: [{ name: b!.name, phone: '00000000' }],
      satisfaction: 'BASIC',
    },
  ];
  // Bad input is refused naming the field, and writes nothing.
  refused(
    await call('STREET_ADMIN', SUBMIT, {
      input: { drawItemId: items[0]!.id, newThreeRates: { sawMember: true, talkedWithMember: false, satisfaction: 'BASIC' } },
    }),
    'BAD_USER_INPUT',
    'input.newThreeRates.sawWhere',
  );
  const known = [];
  for (const [i, answer] of answers.entries()) {
    const r = (await ok('STREET_ADMIN', SUBMIT, { input: { drawItemId: items[i]!.id, newThreeRates: answer } })).submitSurveyResponse;
    known.push(r.membersKnown);
  }
  assert.deepEqual(known, [2, 1, 0, 0, 0], 'names and phones scored against the real staff list');
  // A retry returns the first response; another caller cannot answer the same item; a resident cannot answer someone else's.
  const retry = (await ok('STREET_ADMIN', SUBMIT, { input: { drawItemId: items[0]!.id, newThreeRates: answers[3] } })).submitSurveyResponse;
  assert.equal(retry.satisfaction, 'VERY_SATISFIED');
  refused(await call('RESIDENT', SUBMIT, { input: { drawItemId: items[1]!.id, newThreeRates: answers[3] } }), 'NOT_FOUND');

  const expect = { n: 5, saw: 4, talked: 2, known: 3, satisfied: 3 };
  const [waveRates] = (await ok('STREET_ADMIN', RATES, { w: waveA.id, level: 'WAVE' })).threeRates;
  assert.equal(waveRates.responses, expect.n);
  const w = wilson(expect.saw, expect.n);
  assert.deepEqual(waveRates.meetingRate, { rate: w.rate, low: w.low, high: w.high, successes: expect.saw, n: expect.n });
  assert.equal(waveRates.conversationRate.rate, expect.talked / expect.n);
  assert.equal(waveRates.familiarityRate.rate, expect.known / (2 * expect.n), 'partly known counts partly');
  assert.equal(waveRates.familiarityRate.low, wilson(expect.known, 2 * expect.n).low);
  assert.equal(waveRates.satisfactionRate.rate, expect.satisfied / expect.n);
  assert.deepEqual(waveRates.satisfaction, { basic: 2, satisfied: 2, verySatisfied: 1 });
  assert.deepEqual(
    waveRates.meetingPlaces.map((p: { place: string; count: number }) => [p.place, p.count]),
    [
      ['HOME', 2],
      ['PUBLIC_SPACE', 1],
      ['SERVICE_STATION', 1],
      ['MORNING_EXERCISE_SITE', 1],
    ],
  );
  assert.deepEqual(
    waveRates.conversationPlaces.map((p: { place: string }) => p.place),
    ['HOME', 'PUBLIC_SPACE'],
  );

  // Per community (same five), per grid (each its own), per worker; the sum of grids is the whole.
  const [communityRates] = (await ok('STREET_ADMIN', RATES, { w: waveA.id, level: 'COMMUNITY', s: community0 })).threeRates;
  assert.equal(communityRates.meetingRate.successes, expect.saw);
  const gridRates = (await ok('STREET_ADMIN', RATES, { w: waveA.id, level: 'GRID' })).threeRates as { responses: number }[];
  assert.equal(
    gridRates.reduce((s, g) => s + g.responses, 0),
    expect.n,
  );
  // A worker-stratum response counts for that worker alone.
  await ok('STREET_ADMIN', SUBMIT, { input: { drawItemId: workerItem.id, newThreeRates: answers[0] } });
  const [mine] = (await ok('STREET_ADMIN', RATES, { w: waveA.id, level: 'WORKER', s: worker })).threeRates;
  assert.deepEqual([mine.responses, mine.meetingRate.successes], [1, 1]);
  assert.equal((await ok('STREET_ADMIN', RATES, { w: waveA.id, level: 'WAVE' })).threeRates[0].responses, expect.n);
  // The grid worker reads its own worker scope and its grid, not the wave nor another worker's.
  assert.deepEqual((await ok('GRID_WORKER', RATES, { w: waveA.id, level: 'WAVE' })).threeRates, []);
  const others = drawA.strata.filter((s) => s.kind === 'WORKER' && s.worker!.id !== worker);
  if (others.length) refused(await call('GRID_WORKER', RATES, { w: waveA.id, level: 'WORKER', s: others[0]!.worker!.id }), 'NOT_FOUND');
  assert.equal((await ok('GRID_WORKER', RATES, { w: waveA.id, level: 'WORKER', s: worker })).threeRates.length, 1);

  // The trend of community 0: the demo 2026-Q3 wave, then this one.
  const trend = (
    await ok(
      'STREET_ADMIN',
      `query ($c: ID!) { threeRatesTrend(level: COMMUNITY, scopeId: $c) { wave { period } responses meetingRate { rate } } }`,
      { c: community0 },
    )
  ).threeRatesTrend;
  assert.equal(trend[0].wave.period, '2026-Q3');
  assert.ok(trend.some((t: { wave: { period: string }; responses: number }) => t.wave.period === '2026-Q4' && t.responses === expect.n));
});

test('recent respondents are excluded from the next wave; a replacement comes from the same stratum with a reason', async () => {
  const respondents = new Set(
    sample(drawA.items)
      .filter((i) => i.kind === 'GRID')
      .slice(0, 5)
      .map((i) => i.resident.id),
  );
  const next = await drawWave((await createWave({ ...plan, excludeRecentWaves: 8 })).id, SEED);
  assert.ok(next.excluded >= 5);
  assert.ok(
    next.items.every((i) => !respondents.has(i.resident.id)),
    'no respondent of the earlier wave drawn again',
  );
  // Same seed: apart from the excluded, the strata keep their order (only the excluded are skipped).
  assert.ok(sample(next.items).some((i) => sample(drawA.items).some((x) => x.resident.id === i.resident.id)));

  const target = sample(drawA.items).find((i) => i.kind === 'GRID' && !respondents.has(i.resident.id))!;
  const REPLACE = `mutation ($i: ID!, $r: String!) { replaceDrawItem(itemId: $i, reason: $r) { id stratum status replaces rank resident { id } } }`;
  refused(await call('STREET_ADMIN', REPLACE, { i: target.id, r: '无' }), 'BAD_USER_INPUT', 'reason');
  const reserve = (await ok('STREET_ADMIN', ITEMS, { id: drawA.id, status: 'RESERVE', stratum: target.stratum })).sampleDraw.items
    .nodes as Item[];
  const expected = reserve.map((r) => r.rank).sort()[0];
  const replacement = (await ok('STREET_ADMIN', REPLACE, { i: target.id, r: '三次上门无人应答,邻居称长期外出' })).replaceDrawItem;
  assert.equal(replacement.stratum, target.stratum);
  assert.equal(replacement.status, 'SELECTED');
  assert.equal(replacement.replaces, target.id);
  assert.equal(replacement.rank, expected, 'the next reserve in rank order, not a pick');
  const replaced = (await ok('STREET_ADMIN', ITEMS, { id: drawA.id, status: 'REPLACED' })).sampleDraw.items.nodes as {
    id: string;
    replacement: { reason: string; replacedBy: string };
  }[];
  assert.deepEqual(replaced.find((r) => r.id === target.id)?.replacement, {
    reason: '三次上门无人应答,邻居称长期外出',
    replacedBy: replacement.id,
  });
  refused(await call('STREET_ADMIN', REPLACE, { i: target.id, r: '再换一次试试' }), 'CONFLICT');
  refused(
    await call('STREET_ADMIN', SUBMIT, {
      input: { drawItemId: target.id, newThreeRates: { sawMember: false, talkedWithMember: false, satisfaction: 'BASIC' } },
    }),
    'BAD_USER_INPUT',
    'input.drawItemId',
  );
});

test('worker reviews: invalid without a reason, invalidated with a note, counted for the worker without reviewers, and scored', async () => {
  // Its first item answered the survey above; reviews come from the others (and one from it too).
  const mine = sample(drawA.items).filter((i) => i.worker?.id === worker);
  const REVIEW = `mutation ($input: SubmitWorkerReviewInput!) { submitWorkerReview(input: $input) { id rating valid } }`;
  const grid = sample(drawA.items).find((i) => i.kind === 'GRID')!;
  refused(await call('STREET_ADMIN', REVIEW, { input: { drawItemId: grid.id, rating: 'GOOD' } }), 'BAD_USER_INPUT', 'input.drawItemId');
  const ratings: [string, string | null][] = [
    ['EXCELLENT', null],
    ['GOOD', '每周都能在晨练点见到'],
    ['POOR', '反映的楼道灯一个月未修'],
  ];
  const reviews = [];
  for (const [i, [rating, reason]] of ratings.slice(0, mine.length).entries()) {
    reviews.push((await ok('STREET_ADMIN', REVIEW, { input: { drawItemId: mine[i]!.id, rating, reason } })).submitWorkerReview);
  }
  assert.equal(reviews[0].valid, false, 'excellent without a reason is kept but invalid');
  const SUMMARY = `query ($s: ID!) { staffMember(id: $s) { reviewSummary(period: "2026-Q4") { excellent good fair poor valid invalid score goodRate { rate n } } } }`;
  if (reviews[1]) {
    assert.equal(reviews[1].valid, true);
    const INVALIDATE = `mutation ($id: ID!, $note: String!) { invalidateWorkerReview(id: $id, note: $note) { valid invalidatedNote } }`;
    refused(await call('STREET_ADMIN', INVALIDATE, { id: reviews[1].id, note: '' }), 'BAD_USER_INPUT', 'note');
    const inv = (await ok('STREET_ADMIN', INVALIDATE, { id: reviews[1].id, note: '回访核实:评议人不认识该网格员' })).invalidateWorkerReview;
    assert.deepEqual(inv, { valid: false, invalidatedNote: '回访核实:评议人不认识该网格员' });
    // Invalidating twice changes nothing.
    await ok('STREET_ADMIN', INVALIDATE, { id: reviews[1].id, note: '回访核实:评议人不认识该网格员' });
  }
  // While the wave is in the field the worker sees nothing move; the street office sees the counts.
  assert.equal((await ok('GRID_WORKER', SUMMARY, { s: worker })).staffMember.reviewSummary.invalid, 0);
  assert.equal((await ok('STREET_ADMIN', SUMMARY, { s: worker })).staffMember.reviewSummary.invalid, Math.min(2, reviews.length));
  assert.equal(
    (await ok('STREET_ADMIN', `mutation ($id: ID!) { closeSurveyWave(id: $id) { status } }`, { id: waveA.id })).closeSurveyWave.status,
    'CLOSED',
  );
  const summary = (await ok('GRID_WORKER', SUMMARY, { s: worker })).staffMember.reviewSummary;
  assert.deepEqual(
    { excellent: summary.excellent, good: summary.good, poor: summary.poor, invalid: summary.invalid },
    { excellent: 0, good: 0, poor: reviews[2] ? 1 : 0, invalid: Math.min(2, reviews.length) },
  );
  assert.equal(summary.score, reviews[2] ? 0 : null, 'invalid reviews are not scored');
  // The worker never sees the reviews themselves (nor who wrote them), nor another worker's counts.
  refused(await call('GRID_WORKER', `query ($s: ID!) { staffMember(id: $s) { reviews { rating reason } } }`, { s: worker }), 'FORBIDDEN');
  refused(await call('GRID_WORKER', SUMMARY, { s: id('demo:staff:4') }), 'FORBIDDEN');
  const scores = (
    await ok(
      'GRID_WORKER',
      `query ($c: ID!) { workerScores(communityId: $c, period: "2026-Q4") { worker { id } reviewScore offDeskShare total weights { reviews } } }`,
      { c: community0 },
    )
  ).workerScores;
  assert.equal(scores.length, 1, 'a worker reads its own score only');
  assert.equal(scores[0].worker.id, worker);
  assert.equal(scores[0].reviewScore, reviews[2] ? 0 : null);
});

test('S6: while a wave is open, a review moves neither the worker’s reviewSummary nor its workerScores', async () => {
  // A wave of its own quarter (Q3), whose service window is today: the worker's visit makes its stratum.
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  await ok('GRID_WORKER', `mutation ($i: RecordVisitInput!) { recordVisit(input: $i) { id } }`, {
    i: { idempotencyKey: key(), householdId: id('demo:household:3'), placeType: 'HOME', topics: ['新三率'] },
  });
  const SCORES = `query ($c: ID!) { workerScores(communityId: $c, period: "2026-Q3") { worker { id } reviewScore total } }`;
  const SUMMARY = `query ($s: ID!) { staffMember(id: $s) { reviewSummary(period: "2026-Q3") { poor valid score } } }`;
  type Score = { worker: { id: string }; reviewScore: number | null; total: number | null };
  const own = async (role: Role) =>
    ((await ok(role, SCORES, { c: community0 })).workerScores as Score[]).find((s) => s.worker.id === worker)!;
  const summary = async () =>
    (await ok('GRID_WORKER', SUMMARY, { s: worker })).staffMember.reviewSummary as { poor: number; valid: number; score: number | null };
  const [before, summaryBefore, managerBefore] = [await own('GRID_WORKER'), await summary(), await own('STREET_ADMIN')];
  const wave = await createWave(
    { perWorker: { size: 1 }, excludeRecentWaves: 0, spare: 0 },
    { period: '2026-Q3', serviceFrom: today, serviceTo: today },
  );
  const draw = await drawWave(wave.id, `${SEED} S6`);
  const item = sample(draw.items).find((i) => i.worker?.id === worker);
  assert.ok(item, 'the worker has a stratum in the Q3 wave');
  await ok('STREET_ADMIN', `mutation ($input: SubmitWorkerReviewInput!) { submitWorkerReview(input: $input) { id } }`, {
    input: { drawItemId: item.id, rating: 'POOR', reason: '上门时态度生硬,问题未解决' },
  });
  // The street office sees the running figure move; the worker sees nothing move while the wave is open.
  assert.notEqual((await own('STREET_ADMIN')).reviewScore, managerBefore.reviewScore, 'the review counts for the street office');
  assert.deepEqual(await own('GRID_WORKER'), before, 'an open wave’s review moves neither reviewScore nor total for the worker');
  assert.deepEqual(await summary(), summaryBefore);
  await ok('STREET_ADMIN', `mutation ($id: ID!) { closeSurveyWave(id: $id) { status } }`, { id: wave.id });
  const closed = await summary();
  assert.deepEqual(
    { poor: closed.poor, valid: closed.valid },
    { poor: summaryBefore.poor + 1, valid: summaryBefore.valid + 1 },
    'counted once the wave is closed',
  );
  assert.equal((await own('GRID_WORKER')).reviewScore, closed.score === null ? null : closed.score / 100);
  assert.notDeepEqual(await own('GRID_WORKER'), before);
});

test('S12: a period with a year like 0000 is BAD_USER_INPUT naming the field, in Chinese and English', async () => {
  const cases: [Role, string, Record<string, unknown>, string][] = [
    ['GRID_WORKER', `query ($c: ID!) { workerScores(communityId: $c, period: "0000") { total } }`, { c: community0 }, 'period'],
    ['STREET_ADMIN', `query ($c: ID!) { workerScores(communityId: $c, period: "0000-Q1") { total } }`, { c: community0 }, 'period'],
    ['STREET_ADMIN', `{ selfAssessments(period: "1999") { id } }`, {}, 'period'],
    ['STREET_ADMIN', `query ($c: ID!) { audits(communityId: $c, period: "0000-Q4") { id } }`, { c: community0 }, 'period'],
  ];
  for (const [role, query, variables, field] of cases) {
    const body = await call(role, query, variables);
    refused(body, 'BAD_USER_INPUT', field);
    assert.match(body.errors![0]!.message, /[\u4e00-\u9fff].*\(expected YYYY-Qn/);
  }
  const wave = await call('STREET_ADMIN', CREATE_WAVE, {
    input: {
      clientRequestId: key(),
      title: '年份无效的调查',
      period: '0000-Q1',
      scope: { level: 'COMMUNITY', communityIds: [community0] },
      plan,
    },
  });
  refused(wave, 'BAD_USER_INPUT', 'input.period');
});

test('a quarterly audit draws k visits per worker with a recorded seed, and each check is recorded', async () => {
  const START_AUDIT = `mutation ($input: StartAuditInput!) { startAudit(input: $input) { id status seed } }`;
  const input = { communityId: community0, period: '2026-Q4', perWorker: 2, seed: '2026-12-31 福彩3D 517' };
  const audit = (await ok('STREET_ADMIN', START_AUDIT, { input })).startAudit;
  refused(await call('STREET_ADMIN', START_AUDIT, { input: { ...input, seed: '换个种子再抽' } }), 'CONFLICT');
  const AUDIT = `query ($id: ID!) { audit(id: $id) { status seed failure items { id rank result visit { id staff { id } at } worker { id } } summary { worker { id } drawn verified discrepancy pending } } }`;
  let a;
  for (const deadline = Date.now() + 60_000; ;) {
    a = (await ok('STREET_ADMIN', AUDIT, { id: audit.id })).audit;
    if (a.status === 'DONE') break;
    assert.notEqual(a.status, 'FAILED', a.failure);
    assert.ok(Date.now() < deadline);
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(a.items.length > 0);
  for (const s of a.summary) assert.ok(s.drawn <= 2 && s.drawn >= 1);
  for (const i of a.items) {
    assert.equal(i.visit.staff.id, i.worker.id, 'each drawn visit is the worker’s own record');
    assert.ok(i.visit.at >= '2026-09-30T16:00:00.000Z', 'from the quarter');
    assert.equal(i.rank, rank(input.seed, i.visit.id));
  }
  const CHECK = `mutation ($input: RecordAuditCheckInput!) { recordAuditCheck(input: $input) { result note checkedBy } }`;
  refused(await call('STREET_ADMIN', CHECK, { input: { itemId: a.items[0].id, result: 'DISCREPANCY' } }), 'BAD_USER_INPUT', 'input.note');
  await ok('STREET_ADMIN', CHECK, { input: { itemId: a.items[0].id, result: 'DISCREPANCY', note: '住户称当天无人来访' } });
  const after = (await ok('STREET_ADMIN', AUDIT, { id: audit.id })).audit;
  assert.equal(
    after.summary.reduce((s: number, w: { discrepancy: number }) => s + w.discrepancy, 0),
    1,
  );
  refused(await call('GRID_WORKER', AUDIT, { id: audit.id }), 'FORBIDDEN');
});

test('representatives vote once, anonymously; results only when closed', async () => {
  const staff = [worker, id('demo:staff:0')];
  const representatives = [DEMO_USERS.RESIDENT.resident_id as string, id('demo:resident:2')];
  const OPEN = `mutation ($input: OpenRepresentativeMeetingInput!) { openRepresentativeMeeting(input: $input) { id status representatives ballotsCast results { worker { id } } } }`;
  const m = (
    await ok('COMMUNITY_STAFF', OPEN, {
      input: {
        clientRequestId: key(),
        communityId: community0,
        year: 2026,
        title: '2026年度居委会述职',
        staffIds: staff,
        representativeIds: representatives,
      },
    })
  ).openRepresentativeMeeting;
  assert.deepEqual([m.status, m.representatives, m.ballotsCast, m.results], ['OPEN', 2, 0, null]);
  const CAST = `mutation ($input: CastBallotInput!) { castBallot(input: $input) { accepted meetingId } }`;
  const ballot = {
    meetingId: m.id,
    scores: [
      { staffId: staff[0], score: 'VERY_SATISFIED' },
      { staffId: staff[1], score: 'SATISFIED' },
    ],
    overall: 'SATISFIED',
  };
  refused(await call('RESIDENT', CAST, { input: { ...ballot, scores: ballot.scores.slice(0, 1) } }), 'BAD_USER_INPUT', 'input.scores');
  assert.deepEqual((await ok('RESIDENT', CAST, { input: ballot })).castBallot, { accepted: true, meetingId: m.id });
  refused(await call('RESIDENT', CAST, { input: ballot }), 'CONFLICT');
  const CLOSE = `mutation ($id: ID!) { closeRepresentativeMeeting(id: $id) { status ballotsCast overall { satisfied } results { worker { id } counts { notSatisfied satisfied verySatisfied } } } }`;
  const closed = (await ok('COMMUNITY_STAFF', CLOSE, { id: m.id })).closeRepresentativeMeeting;
  assert.equal(closed.ballotsCast, 1);
  assert.deepEqual(closed.results[0], { worker: { id: staff[0] }, counts: { notSatisfied: 0, satisfied: 0, verySatisfied: 1 } });
  refused(await call('RESIDENT', CAST, { input: ballot }), 'CONFLICT');

  // Nothing stored links a ballot to its voter: no ballot documents at all, only the box's counters.
  const conn = await mongoose.createConnection(env.MONGO_URL, { dbName: `${stack.common.MONGO_DB_PREFIX}evaluations` }).asPromise();
  try {
    const db = conn.db!;
    const boxes = await db
      .collection('ballotboxes')
      .find({ _id: new mongoose.Types.ObjectId(m.id) })
      .toArray();
    assert.equal(boxes.length, 1);
    assert.deepEqual(Object.keys(boxes[0]!).sort(), ['_id', 'cast', 'overall', 'staff']);
    assert.equal(boxes[0]!.cast, 1);
    assert.deepEqual(
      (await db.listCollections().toArray()).map((c) => c.name).filter((n) => /^ballots?$/.test(n)),
      [],
    );
    const claims = await db
      .collection('ballotclaims')
      .find({ meetingId: new mongoose.Types.ObjectId(m.id) })
      .toArray();
    assert.deepEqual(Object.keys(claims[0]!).sort(), ['_id', 'meetingId']);
  } finally {
    await conn.close();
  }
});

test('self-assessment against the evaluated score, per community', async () => {
  const SUBMIT_SA = `mutation ($input: SubmitSelfAssessmentInput!) { submitSelfAssessment(input: $input) { id selfTotal maxTotal evaluatedTotal gap } }`;
  const input = {
    communityId: community0,
    period: '2026-Q4',
    understanding: '离案工作是提高新三率的根本,走出办公室到居民中去。',
    plan: '每周至少五个半天离案,固定场所公示,入户走访全覆盖。',
    implementation: '九个小网格、十八名网格员,每日公示日程,轮流值守接待工位。',
    cases: '为外地老人代办老年优待证,雨夜清理井口,居民写信致谢。',
    items: [
      { key: 'off_desk', title: '离案工作时间', maxScore: 30, selfScore: 28 },
      { key: 'three_rates', title: '新三率', maxScore: 40, selfScore: 36 },
      { key: 'services', title: '全科服务办结', maxScore: 30, selfScore: 27 },
    ],
  };
  refused(
    await call('COMMUNITY_STAFF', SUBMIT_SA, { input: { ...input, items: [{ key: 'x', title: '超分', maxScore: 10, selfScore: 11 }] } }),
    'BAD_USER_INPUT',
    'input.items[0].selfScore',
  );
  const sa = (await ok('COMMUNITY_STAFF', SUBMIT_SA, { input })).submitSelfAssessment;
  assert.deepEqual([sa.selfTotal, sa.maxTotal, sa.evaluatedTotal], [91, 100, null]);
  const RECORD = `mutation ($input: RecordEvaluatedScoresInput!) { recordEvaluatedScores(input: $input) { evaluatedTotal gap } }`;
  const scored = (
    await ok('STREET_ADMIN', RECORD, {
      input: {
        selfAssessmentId: sa.id,
        items: [
          { key: 'off_desk', score: 24 },
          { key: 'three_rates', score: 31 },
          { key: 'services', score: 27 },
        ],
      },
    })
  ).recordEvaluatedScores;
  assert.deepEqual(scored, { evaluatedTotal: 82, gap: 9 });
  const list = (await ok('STREET_ADMIN', `{ selfAssessments(period: "2026-Q4") { community { id name } selfTotal evaluatedTotal gap } }`))
    .selfAssessments;
  assert.deepEqual(list, [{ community: { id: community0, name: list[0].community.name }, selfTotal: 91, evaluatedTotal: 82, gap: 9 }]);
  refused(await call('COMMUNITY_STAFF', SUBMIT_SA, { input }), 'CONFLICT');
});

test('a custom survey (a lift-installation canvass): answers validated against its questions and tallied per option', async () => {
  const CREATE = `mutation ($input: CreateSurveyInput!) { createSurvey(input: $input) { id code builtIn questions { key type options } } }`;
  const code = `lift-${Date.now()}`;
  const questions = [
    { key: 'approve', text: '是否同意本单元加装电梯', type: 'SINGLE_CHOICE', options: ['同意', '不同意', '无所谓'] },
    { key: 'floor', text: '您家住几层', type: 'SCALE', min: 1, max: 18 },
    { key: 'concerns', text: '您的顾虑', type: 'MULTIPLE_CHOICE', options: ['费用分摊', '采光', '噪音'], required: false },
  ];
  refused(
    await call('STREET_ADMIN', CREATE, { input: { code, title: '加装电梯意见征询', questions: [{ ...questions[0], options: ['同意'] }] } }),
    'BAD_USER_INPUT',
    'input.questions[0].options',
  );
  const survey = (await ok('STREET_ADMIN', CREATE, { input: { code, title: '加装电梯意见征询', questions } })).createSurvey;
  assert.equal(survey.builtIn, false);
  const wave = await createWave(
    { perGrid: { size: 2 }, excludeRecentWaves: 0, spare: 0 },
    {
      surveyId: survey.id,
      title: '加装电梯意见征询',
      scope: { level: 'GRIDS', communityIds: [community0], gridIds: [id('demo:grid:0-0-0'), id('demo:grid:0-0-1')] },
    },
  );
  const d = await drawWave(wave.id, 'lift-canvass-2026');
  assert.deepEqual(d.strata.map((s) => s.key).sort(), [`grid:${id('demo:grid:0-0-0')}`, `grid:${id('demo:grid:0-0-1')}`].sort());
  const items = sample(d.items);
  assert.equal(items.length, 4);
  refused(
    await call('STREET_ADMIN', SUBMIT, {
      input: {
        drawItemId: items[0]!.id,
        answers: [
          { key: 'approve', choices: ['也许'] },
          { key: 'floor', value: 3 },
        ],
      },
    }),
    'BAD_USER_INPUT',
    'input.answers[0].choices',
  );
  refused(
    await call('STREET_ADMIN', SUBMIT, {
      input: { drawItemId: items[0]!.id, newThreeRates: { sawMember: false, talkedWithMember: false, satisfaction: 'BASIC' } },
    }),
    'BAD_USER_INPUT',
    'input.answers',
  );
  const answers = [
    [
      { key: 'approve', choices: ['同意'] },
      { key: 'floor', value: 6 },
      { key: 'concerns', choices: ['费用分摊', '噪音'] },
    ],
    [
      { key: 'approve', choices: ['同意'] },
      { key: 'floor', value: 11 },
    ],
    [
      { key: 'approve', choices: ['不同意'] },
      { key: 'floor', value: 1 },
      { key: 'concerns', choices: ['采光'] },
    ],
  ];
  for (const [i, a] of answers.entries()) await ok('STREET_ADMIN', SUBMIT, { input: { drawItemId: items[i]!.id, answers: a } });
  const [rates] = (
    await ok(
      'STREET_ADMIN',
      `query ($w: ID!) { threeRates(waveId: $w, level: WAVE) { responses tallies { key answered mean options { option count } } } }`,
      { w: wave.id },
    )
  ).threeRates;
  assert.equal(rates.responses, 3);
  assert.deepEqual(rates.tallies, [
    {
      key: 'approve',
      answered: 3,
      mean: null,
      options: [
        { option: '同意', count: 2 },
        { option: '不同意', count: 1 },
        { option: '无所谓', count: 0 },
      ],
    },
    { key: 'floor', answered: 3, mean: 6, options: [] },
    {
      key: 'concerns',
      answered: 2,
      mean: null,
      options: [
        { option: '费用分摊', count: 1 },
        { option: '采光', count: 1 },
        { option: '噪音', count: 1 },
      ],
    },
  ]);
});
