// Open canvasses (issue 16, item 2), as seed 004 tells them: the community walked every household of
// two buildings about installing lifts (遍访600户, 九成住户同意), and put a bus-line questionnaire in the
// residents' WeChat group. Every household of the scope answers once; progress per grid and the counts
// per option come from counters kept with each answer. Through the gateway, on the real engines.
import { issueToken } from '@jwh/gateway/dev-keys';
import { demoId as id, roleClient, type GraphQLErrorBody } from '@jwh/testkit';
import mongoose from 'mongoose';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { env } from './environment.js';
import { as, stackForTests } from './harness.js';

const stack = stackForTests();
const community0 = id('demo:community:0');
const community1 = id('demo:community:1');
const gridA = id('demo:grid:0-0-0');
const gridB = id('demo:grid:0-0-1');
const gridC = id('demo:grid:0-1-0');

type Who =
  'STREET_ADMIN' | 'COMMUNITY_STAFF' | 'GRID_WORKER' | 'PARTNER' | 'RESIDENT' | 'WORKER_B' | 'WORKER_C' | 'OTHER_STAFF' | 'OTHER_RESIDENT';
const extra: Partial<Record<Who, string>> = {};
const { call, ok } = roleClient<Who>(
  () => stack.gatewayUrl,
  (who) => (who in extra ? { authorization: `Bearer ${extra[who]}` } : as(stack, who as 'COMMUNITY_STAFF')),
);
let conn: mongoose.Connection | undefined;

/** Tokens for a worker of grid B, a worker of grid C and another community's secretary. */
async function setUp() {
  const issue = (claims: Record<string, unknown>) => issueToken(stack.keysDir, claims);
  extra.WORKER_B ??= await issue({
    sub: 'worker-b',
    role: 'GRID_WORKER',
    staff_id: id('demo:staff:5'),
    community_ids: [community0],
    grid_ids: [gridB],
  });
  extra.WORKER_C ??= await issue({
    sub: 'worker-c',
    role: 'GRID_WORKER',
    staff_id: id('demo:staff:8'),
    community_ids: [community0],
    grid_ids: [gridC],
  });
  extra.OTHER_STAFF ??= await issue({ sub: 'other-secretary', role: 'COMMUNITY_STAFF', community_ids: [community1] });
}
after(() => conn?.close());

/** What canvasses have written: a refused call changes none of it. */
async function written() {
  conn ??= await mongoose.createConnection(env.MONGO_URL).asPromise();
  const db = conn.useDb(`${stack.common.MONGO_DB_PREFIX}evaluations`).db!;
  const tallies = await db.collection('canvasstallies').find({}).toArray();
  return {
    canvasses: await db.collection('canvasses').countDocuments({}),
    answers: await db.collection('canvassanswers').countDocuments({}),
    reached: tallies.reduce((n, t) => n + (t.reached as number), 0),
    closed: await db.collection('canvasses').countDocuments({ closedAt: { $ne: null } }),
  };
}

/** The call is refused with `code` (and, for bad input, `field`, in Chinese and English), and nothing was written. */
async function refused(who: Who, query: string, variables: Record<string, unknown>, code: string, field?: string) {
  const before = await written();
  const body = await call(who, query, variables);
  const e: GraphQLErrorBody | undefined = body.errors?.[0];
  assert.equal(e?.extensions?.code, code, `${JSON.stringify(variables).slice(0, 300)} → ${JSON.stringify(body.errors)}`);
  if (field) assert.equal(e?.extensions?.field, field, JSON.stringify(body.errors));
  if (field) assert.match(e!.message, /[\u4e00-\u9fff].*\(.+\)/u, 'a message in Chinese with English in brackets');
  assert.deepEqual(await written(), before, `${field ?? code}: nothing written`);
}

interface Household {
  id: string;
  building: string | null;
  grid: { id: string } | null;
}
/** Every household of a grid with its building, read through the graph as the secretary. */
async function householdsOf(gridId: string): Promise<Household[]> {
  const found = new Map<string, Household>();
  let after: string | null = null;
  for (;;) {
    const page: { nodes: { household: Household }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
      await ok(
        'COMMUNITY_STAFF',
        `query ($g: ID, $a: String) { residents(first: 200, after: $a, filter: { gridId: $g }) { nodes { household { id building grid { id } } } pageInfo { hasNextPage endCursor } } }`,
        { g: gridId, a: after },
      )
    ).residents;
    for (const r of page.nodes) found.set(r.household.id, r.household);
    if (!page.pageInfo.hasNextPage) return [...found.values()];
    after = page.pageInfo.endCursor;
  }
}

const CREATE = `mutation ($i: CreateCanvassInput!) { createCanvass(input: $i) { id title mode status opensOn closesOn scopeCounted
  scope { level community { id } gridIds buildings } questions { key type options required } } }`;
const ANSWER = `mutation ($i: AnswerCanvassInput!) { answerCanvass(input: $i) { id enteredAs household { id } grid { id } answers { key choices text } canvass { id } } }`;
const CLOSE = `mutation ($id: ID!) { closeCanvass(id: $id) { id status closedAt } }`;
const PROGRESS = `query ($id: ID!) { canvass(id: $id) { id status scopeCounted progress { households reached percent grids { grid { id } households reached percent } } } }`;
const RESULTS = `query ($id: ID!) { canvass(id: $id) { results { reached questions { key answered options { option count } }
  grids { grid { id } reached questions { key answered options { option count } } } } } }`;

const LIFT_QUESTIONS = [
  { key: 'lift', text: '您是否同意本楼加装电梯?', type: 'SINGLE_CHOICE', options: ['同意', '不同意', '无所谓'] },
  { key: 'cost', text: '费用分摊您接受哪些方式?', type: 'MULTIPLE_CHOICE', options: ['按楼层', '按面积', '政府补贴'], required: false },
  { key: 'note', text: '其他意见', type: 'TEXT', required: false },
];
let n = 0;
const requestId = () => `canvass-e2e-${Date.now()}-${n++}`;
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const inDays = (d: number) => new Date(Date.now() + 8 * 3600_000 + d * 86_400_000).toISOString().slice(0, 10);

/** Polls until the buildings' households are counted (the evaluations worker's job). */
async function counted(canvassId: string) {
  for (let i = 0; i < 100; i++) {
    const c = (await ok('COMMUNITY_STAFF', PROGRESS, { id: canvassId })).canvass;
    if (c.scopeCounted) return c;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the buildings were never counted');
}

test('seed 004: the lift canvass over two buildings — two workers at the doors, a household answered twice, a worker outside refused, progress and counts per grid, bad input, close', async () => {
  await setUp();
  // Two buildings: one in grid A (the demo worker's), one in grid B (worker B's).
  const [inA, inB] = await Promise.all([householdsOf(gridA), householdsOf(gridB)]);
  const buildingA = inA[0]!.building!;
  const buildingB = inB.find((h) => h.building !== buildingA)!.building!;
  const inScope = [...inA, ...inB].filter((h) => h.building === buildingA || h.building === buildingB);
  // A building may straddle grids; the households in scope per grid, recomputed here from the register.
  const expected = new Map<string, number>();
  for (const g of [gridA, gridB, gridC])
    for (const h of await householdsOf(g))
      if (h.building === buildingA || h.building === buildingB) expected.set(g, (expected.get(g) ?? 0) + 1);

  const input = {
    clientRequestId: requestId(),
    title: '加装电梯意见征询',
    questions: LIFT_QUESTIONS,
    scope: { level: 'BUILDINGS', communityId: community0, buildings: [buildingA, buildingB] },
    mode: 'DOOR_TO_DOOR',
    opensOn: today(),
    closesOn: inDays(14),
  };
  // Bad input, field by field: nothing written.
  for (const [patch, field] of [
    [{ title: '电' }, 'input.title'],
    [{ clientRequestId: 'short' }, 'input.clientRequestId'],
    [{ questions: [{ ...LIFT_QUESTIONS[0], type: 'SCALE', options: [] }] }, 'input.questions[0].type'],
    [{ questions: [{ ...LIFT_QUESTIONS[0], options: ['同意'] }] }, 'input.questions[0].options'],
    [{ questions: [LIFT_QUESTIONS[0], LIFT_QUESTIONS[0]] }, 'input.questions[1].key'],
    [{ scope: { ...input.scope, gridIds: [gridA] } }, 'input.scope.gridIds'],
    [{ scope: { ...input.scope, buildings: [] } }, 'input.scope.buildings'],
    [{ scope: { level: 'GRIDS', communityId: community0, gridIds: [gridA, id('demo:grid:1-0-0')] } }, 'input.scope.gridIds[1]'],
    [{ closesOn: inDays(-1), opensOn: inDays(-5) }, 'input.closesOn'],
    [{ opensOn: inDays(10), closesOn: inDays(9) }, 'input.closesOn'],
    [{ closesOn: inDays(400) }, 'input.closesOn'],
  ] as const)
    await refused('COMMUNITY_STAFF', CREATE, { i: { ...input, clientRequestId: requestId(), ...patch } }, 'BAD_USER_INPUT', field);
  // Scope: another community's secretary does not find the community; workers and partners may not open one.
  await refused('OTHER_STAFF', CREATE, { i: { ...input, clientRequestId: requestId() } }, 'NOT_FOUND');
  for (const who of ['GRID_WORKER', 'PARTNER', 'RESIDENT'] as const)
    await refused(who, CREATE, { i: { ...input, clientRequestId: requestId() } }, 'FORBIDDEN');

  const canvass = (await ok('COMMUNITY_STAFF', CREATE, { i: input })).createCanvass;
  assert.equal(canvass.status, 'OPEN');
  assert.deepEqual(canvass.scope, { level: 'BUILDINGS', community: { id: community0 }, gridIds: [], buildings: [buildingA, buildingB] });
  assert.equal((await ok('COMMUNITY_STAFF', CREATE, { i: input })).createCanvass.id, canvass.id, 'a retry returns the first canvass');
  const start = await counted(canvass.id);
  assert.deepEqual(
    Object.fromEntries(start.progress.grids.map((g: { grid: { id: string }; households: number }) => [g.grid.id, g.households])),
    Object.fromEntries(expected),
    'households in scope per grid',
  );
  assert.equal(start.progress.households, inScope.length);
  assert.equal(start.progress.reached, 0);

  // Two workers at the doors, each in its own grid.
  const a = inScope.filter((h) => h.grid?.id === gridA);
  const b = inScope.filter((h) => h.grid?.id === gridB);
  assert.ok(a.length >= 2 && b.length >= 1, 'households in both grids');
  const answer = (who: Who, householdId: string, lift: string, cost: string[] = []) =>
    call(who, ANSWER, {
      i: {
        canvassId: canvass.id,
        householdId,
        answers: [{ key: 'lift', choices: [lift] }, ...(cost.length ? [{ key: 'cost', choices: cost }] : [])],
      },
    });
  const first = await answer('GRID_WORKER', a[0]!.id, '同意', ['按楼层', '政府补贴']);
  assert.equal(first.errors, undefined, JSON.stringify(first.errors));
  assert.deepEqual(first.data.answerCanvass.grid, { id: gridA });
  assert.equal(first.data.answerCanvass.enteredAs, 'GRID_WORKER');
  assert.equal(
    (
      await ok('GRID_WORKER', ANSWER, {
        i: {
          canvassId: canvass.id,
          householdId: a[0]!.id,
          answers: [
            { key: 'lift', choices: ['同意'] },
            { key: 'cost', choices: ['按楼层', '政府补贴'] },
          ],
        },
      })
    ).answerCanvass.id,
    first.data.answerCanvass.id,
    'a retry returns the first answer',
  );
  await ok('GRID_WORKER', ANSWER, {
    i: {
      canvassId: canvass.id,
      householdId: a[1]!.id,
      answers: [
        { key: 'lift', choices: ['不同意'] },
        { key: 'note', text: '一楼住户担心采光' },
      ],
    },
  });
  assert.equal((await answer('WORKER_B', b[0]!.id, '同意', ['按面积'])).errors, undefined);

  // The same household again, by the same worker with another answer or by the secretary: the first stands.
  await refused(
    'GRID_WORKER',
    ANSWER,
    { i: { canvassId: canvass.id, householdId: a[0]!.id, answers: [{ key: 'lift', choices: ['不同意'] }] } },
    'CONFLICT',
  );
  await refused(
    'COMMUNITY_STAFF',
    ANSWER,
    { i: { canvassId: canvass.id, householdId: a[0]!.id, answers: [{ key: 'lift', choices: ['无所谓'] }] } },
    'CONFLICT',
  );
  // Outside the scope: worker B at a household of grid A (not its grid: not found), worker C at a
  // household of its own grid outside the two buildings, and at a household of the buildings (not its grid).
  await refused(
    'WORKER_B',
    ANSWER,
    { i: { canvassId: canvass.id, householdId: a[1]!.id, answers: [{ key: 'lift', choices: ['同意'] }] } },
    'NOT_FOUND',
  );
  const outside = (await householdsOf(gridC)).find((h) => h.building !== buildingA && h.building !== buildingB)!;
  await refused(
    'WORKER_C',
    ANSWER,
    { i: { canvassId: canvass.id, householdId: outside.id, answers: [{ key: 'lift', choices: ['同意'] }] } },
    'BAD_USER_INPUT',
    'input.householdId',
  );
  await refused(
    'WORKER_C',
    ANSWER,
    { i: { canvassId: canvass.id, householdId: b[0]!.id, answers: [{ key: 'lift', choices: ['同意'] }] } },
    'NOT_FOUND',
  );
  await refused(
    'OTHER_STAFF',
    ANSWER,
    { i: { canvassId: canvass.id, householdId: a[1]!.id, answers: [{ key: 'lift', choices: ['同意'] }] } },
    'NOT_FOUND',
  );
  // A door-to-door canvass has no link: a resident does not find it; a partner may not answer at all.
  await refused('RESIDENT', ANSWER, { i: { canvassId: canvass.id, answers: [{ key: 'lift', choices: ['同意'] }] } }, 'NOT_FOUND');
  await refused(
    'PARTNER',
    ANSWER,
    { i: { canvassId: canvass.id, householdId: a[1]!.id, answers: [{ key: 'lift', choices: ['同意'] }] } },
    'FORBIDDEN',
  );
  // Bad answers name the field and write nothing.
  const spare = a[2] ?? b[1]!;
  for (const [answers, field] of [
    [[{ key: 'lift', choices: ['也许'] }], 'input.answers[0].choices'],
    [[{ key: 'lift', choices: ['同意', '不同意'] }], 'input.answers[0].choices'],
    [[{ key: 'cost', choices: ['按楼层'] }], 'input.answers.lift'],
    [
      [
        { key: 'lift', choices: ['同意'] },
        { key: 'floor', text: '3' },
      ],
      'input.answers',
    ],
  ] as const)
    await refused('COMMUNITY_STAFF', ANSWER, { i: { canvassId: canvass.id, householdId: spare.id, answers } }, 'BAD_USER_INPUT', field);
  await refused(
    'COMMUNITY_STAFF',
    ANSWER,
    { i: { canvassId: canvass.id, answers: [{ key: 'lift', choices: ['同意'] }] } },
    'BAD_USER_INPUT',
    'input.householdId',
  );

  // Progress: households reached of households in scope, per grid; a worker sees its own grid.
  const progress = (await ok('COMMUNITY_STAFF', PROGRESS, { id: canvass.id })).canvass.progress;
  const row = (gridId: string) => progress.grids.find((g: { grid: { id: string } }) => g.grid.id === gridId);
  assert.equal(progress.reached, 3);
  assert.equal(progress.households, inScope.length);
  assert.deepEqual(row(gridA), {
    grid: { id: gridA },
    households: expected.get(gridA),
    reached: 2,
    percent: Math.round((2 / expected.get(gridA)!) * 1000) / 10,
  });
  assert.equal(row(gridB).reached, 1);
  const mine = (await ok('GRID_WORKER', PROGRESS, { id: canvass.id })).canvass.progress;
  assert.deepEqual(
    mine.grids.map((g: { grid: { id: string } }) => g.grid.id),
    [gridA],
    'a worker sees its grid only',
  );
  assert.equal(mine.reached, 2);

  // Results: counts per option, overall and per grid; free text counted, never listed.
  const results = (await ok('STREET_ADMIN', RESULTS, { id: canvass.id })).canvass.results;
  const options = (q: { options: { option: string; count: number }[] }) => Object.fromEntries(q.options.map((o) => [o.option, o.count]));
  assert.equal(results.reached, 3);
  assert.deepEqual(options(results.questions[0]), { 同意: 2, 不同意: 1, 无所谓: 0 });
  assert.deepEqual(options(results.questions[1]), { 按楼层: 1, 按面积: 1, 政府补贴: 1 });
  assert.deepEqual([results.questions[1].answered, results.questions[2].answered], [2, 1]);
  assert.deepEqual(results.questions[2].options, []);
  const resultA = results.grids.find((g: { grid: { id: string } }) => g.grid.id === gridA);
  assert.deepEqual(options(resultA.questions[0]), { 同意: 1, 不同意: 1, 无所谓: 0 });
  // Another community's staff do not find it; a partner may not read canvasses.
  assert.equal((await ok('OTHER_STAFF', PROGRESS, { id: canvass.id })).canvass, null);
  assert.equal((await call('PARTNER', PROGRESS, { id: canvass.id })).errors?.[0]?.extensions?.code, 'FORBIDDEN');
  assert.ok(
    (await ok('GRID_WORKER', `query ($c: ID!) { canvasses(communityId: $c) { id } }`, { c: community0 })).canvasses.some(
      (c: { id: string }) => c.id === canvass.id,
    ),
  );

  // Close: a worker may not; the secretary does (again: the same); later answers are refused.
  await refused('GRID_WORKER', CLOSE, { id: canvass.id }, 'FORBIDDEN');
  const closed = (await ok('COMMUNITY_STAFF', CLOSE, { id: canvass.id })).closeCanvass;
  assert.equal(closed.status, 'CLOSED');
  assert.equal((await ok('COMMUNITY_STAFF', CLOSE, { id: canvass.id })).closeCanvass.closedAt, closed.closedAt, 'closing again returns it');
  await refused(
    'WORKER_B',
    ANSWER,
    { i: { canvassId: canvass.id, householdId: b[1]?.id ?? b[0]!.id, answers: [{ key: 'lift', choices: ['同意'] }] } },
    'CONFLICT',
  );
  assert.equal((await ok('COMMUNITY_STAFF', PROGRESS, { id: canvass.id })).canvass.progress.reached, 3);
});

test('seed 004: the bus-line questionnaire in the WeChat group — residents answer through the link for their own household, see no counts, and another community cannot', async () => {
  await setUp();
  extra.OTHER_RESIDENT ??= await issueToken(stack.keysDir, {
    sub: 'other-resident',
    role: 'RESIDENT',
    resident_id: id('demo:resident:999999'),
    household_id: id('demo:household:999999'),
    community_ids: [community1],
  });
  const canvass = (
    await ok('COMMUNITY_STAFF', CREATE, {
      i: {
        clientRequestId: requestId(),
        title: '公交专线意见征集',
        questions: [
          { key: 'stop', text: '您希望在哪里上车?', type: 'SINGLE_CHOICE', options: ['小区北门', '小区南门'] },
          { key: 'hours', text: '您需要哪些时段?', type: 'MULTIPLE_CHOICE', options: ['早高峰', '晚高峰', '白天'] },
        ],
        scope: { level: 'COMMUNITY', communityId: community0 },
        mode: 'OPEN_LINK',
        opensOn: today(),
        closesOn: inDays(7),
      },
    })
  ).createCanvass;
  assert.equal(canvass.scopeCounted, true, 'a community is counted at once from its grids');
  // The link carries only the canvass id: a resident reads the questions, never counts.
  const seen = await call('RESIDENT', `query ($id: ID!) { canvass(id: $id) { title mode questions { key options } } }`, { id: canvass.id });
  assert.equal(seen.data.canvass.title, '公交专线意见征集');
  assert.equal((await call('RESIDENT', PROGRESS, { id: canvass.id })).errors?.[0]?.extensions?.code, 'FORBIDDEN');
  const answers = [
    { key: 'stop', choices: ['小区北门'] },
    { key: 'hours', choices: ['早高峰', '晚高峰'] },
  ];
  // For another household: refused, nothing written.
  await refused(
    'RESIDENT',
    ANSWER,
    { i: { canvassId: canvass.id, householdId: id('demo:household:1'), answers } },
    'BAD_USER_INPUT',
    'input.householdId',
  );
  const mine = (await ok('RESIDENT', ANSWER, { i: { canvassId: canvass.id, answers } })).answerCanvass;
  assert.deepEqual([mine.household.id, mine.enteredAs], [id('demo:household:0'), 'RESIDENT']);
  // The household's worker at the door later: the first answer stands.
  await refused('GRID_WORKER', ANSWER, { i: { canvassId: canvass.id, householdId: id('demo:household:0'), answers } }, 'CONFLICT');
  await refused('OTHER_RESIDENT', ANSWER, { i: { canvassId: canvass.id, answers } }, 'NOT_FOUND');
  const progress = (await ok('COMMUNITY_STAFF', PROGRESS, { id: canvass.id })).canvass.progress;
  const grids = (
    await ok('COMMUNITY_STAFF', `query ($c: ID!) { community(id: $c) { householdCount grids(level: SMALL) { id householdCount } } }`, {
      c: community0,
    })
  ).community;
  assert.equal(
    progress.households,
    grids.grids.reduce((s: number, g: { householdCount: number }) => s + g.householdCount, 0),
  );
  assert.equal(progress.grids.length, grids.grids.length);
  assert.equal(progress.reached, 1);
  assert.equal(progress.grids.find((g: { grid: { id: string } }) => g.grid.id === gridA).reached, 1);
  const results = (await ok('COMMUNITY_STAFF', RESULTS, { id: canvass.id })).canvass.results;
  assert.deepEqual(results.questions[1].options, [
    { option: '早高峰', count: 1 },
    { option: '晚高峰', count: 1 },
    { option: '白天', count: 0 },
  ]);
});

test('seed 004: 遍访 over two small grids — households in scope from the grids’ counts, a worker of a third grid refused at once', async () => {
  await setUp();
  const input = {
    clientRequestId: requestId(),
    title: '物业引进意见征询',
    questions: [{ key: 'agree', text: '您是否同意引进物业公司?', type: 'SINGLE_CHOICE', options: ['同意', '不同意'] }],
    scope: { level: 'GRIDS', communityId: community0, gridIds: [gridA, gridB] },
    mode: 'DOOR_TO_DOOR',
    opensOn: today(),
    closesOn: inDays(7),
  };
  const canvass = (await ok('STREET_ADMIN', CREATE, { i: input })).createCanvass;
  assert.deepEqual(canvass.scope.gridIds, [gridA, gridB]);
  const counts = (
    await ok('COMMUNITY_STAFF', `query ($c: ID!) { community(id: $c) { grids(level: SMALL) { id householdCount } } }`, { c: community0 })
  ).community.grids as { id: string; householdCount: number }[];
  const progress = (await ok('COMMUNITY_STAFF', PROGRESS, { id: canvass.id })).canvass.progress;
  assert.deepEqual(
    progress.grids.map((g: { grid: { id: string }; households: number }) => [g.grid.id, g.households]).sort(),
    [gridA, gridB].map((g) => [g, counts.find((c) => c.id === g)!.householdCount]).sort(),
  );
  const [household] = await householdsOf(gridC);
  await refused(
    'WORKER_C',
    ANSWER,
    { i: { canvassId: canvass.id, householdId: household!.id, answers: [{ key: 'agree', choices: ['同意'] }] } },
    'FORBIDDEN',
  );
  // The secretary at a household of grid C: in the community, outside the canvass's grids.
  await refused(
    'COMMUNITY_STAFF',
    ANSWER,
    { i: { canvassId: canvass.id, householdId: household!.id, answers: [{ key: 'agree', choices: ['同意'] }] } },
    'BAD_USER_INPUT',
    'input.householdId',
  );
});

test('seed 004: 遍访 — a dozen doors of one grid answered at once, no household lost from the counters', async () => {
  await setUp();
  const canvass = (
    await ok('COMMUNITY_STAFF', CREATE, {
      i: {
        clientRequestId: requestId(),
        title: '老旧小区改造意见征询',
        questions: [{ key: 'agree', text: '您是否同意改造方案?', type: 'SINGLE_CHOICE', options: ['同意', '不同意'] }],
        scope: { level: 'GRIDS', communityId: community0, gridIds: [gridA] },
        mode: 'DOOR_TO_DOOR',
        opensOn: today(),
        closesOn: inDays(7),
      },
    })
  ).createCanvass;
  const doors = (await householdsOf(gridA)).slice(0, 12);
  const bodies = await Promise.all(
    doors.map((h, i) =>
      call(i % 2 ? 'GRID_WORKER' : 'COMMUNITY_STAFF', ANSWER, {
        i: { canvassId: canvass.id, householdId: h.id, answers: [{ key: 'agree', choices: [i % 3 ? '同意' : '不同意'] }] },
      }),
    ),
  );
  assert.deepEqual(
    bodies.flatMap((b) => b.errors ?? []),
    [],
  );
  const results = (await ok('COMMUNITY_STAFF', RESULTS, { id: canvass.id })).canvass.results;
  assert.equal(results.reached, 12);
  assert.deepEqual(results.questions[0].options, [
    { option: '同意', count: 8 },
    { option: '不同意', count: 4 },
  ]);
});
