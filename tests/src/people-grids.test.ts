import { DEMO_USERS, issueToken } from '@jwh/gateway/dev-keys';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { as, stackForTests } from './harness.js';
import { ShapeChecker, takeShapes } from './query-shapes.js';
import { gql, demoId as id, roleClient } from '@jwh/testkit';

const stack = stackForTests();

const community0 = id('demo:community:0');
const grid000 = id('demo:grid:0-0-0');
const grid001 = id('demo:grid:0-0-1');
const { call, ok } = roleClient<keyof typeof DEMO_USERS>(
  () => stack.gatewayUrl,
  (role) => as(stack, role),
);
const badInput = (body: { errors?: { extensions?: Record<string, unknown> }[] }, field: string) => {
  assert.equal(body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(body.errors));
  assert.equal(body.errors?.[0]?.extensions?.field, field);
};

/** Commands people-grids sent to the database so far (health pings and cursor clean-up excluded). */
async function peopleGridsQueries(): Promise<number> {
  const text = await (await fetch(stack.subgraphUrls['people-grids']!.replace('/graphql', '/metrics'))).text();
  return [...text.matchAll(/^mongo_commands_total\{[^}]*command="(\w+)"[^}]*\} (\d+)/gm)]
    .filter(([, command]) => !['ping', 'hello', 'isMaster', 'endSessions', 'killCursors'].includes(command!))
    .reduce((sum, [, , n]) => sum + Number(n), 0);
}

test('a list of 100 residents with household, grid and grid workers: batched (at most 4 queries on MongoDB), each read an indexed, pushed-down equality', async () => {
  await takeShapes(stack.subgraphUrls);
  const before = await peopleGridsQueries();
  const data = await ok(
    'STREET_ADMIN',
    `{ residents(first: 100) { nodes { name household { address grid { name workers { name role } } } } } }`,
  );
  const used = (await peopleGridsQueries()) - before;
  assert.equal(data.residents.nodes.length, 100);
  assert.ok(data.residents.nodes.every((r: any) => r.household.grid.workers.length >= 2));
  const checker = new ShapeChecker();
  try {
    const shapes = await takeShapes(stack.subgraphUrls);
    assert.deepEqual(await checker.problems(shapes), []);
    if (!(await checker.isFerretDB())) assert.ok(used <= 4, `${used} queries`);
    // On FerretDB: one read per grid walked, per distinct household, grid and worker list.
    else assert.ok(used <= 100 + 100 + 20, `${used} queries`);
  } finally {
    await checker.close();
  }
});

test('the community tree with counts, households per worker, grids off the norm and households outside every grid', async () => {
  const data = await ok(
    'STREET_ADMIN',
    `query ($c: ID!) {
      community(id: $c) { name householdCount residentCount grids(level: BIG) { name householdCount children { name householdCount outOfRange workers { role householdCount } } } }
      gridsOutOfRange(communityId: $c) { id householdCount }
      ungriddedHouseholds(communityId: $c) { totalCount nodes { address grid { id } } }
    }`,
    { c: community0 },
  );
  const c = data.community;
  assert.equal(c.grids.length, 3);
  const smalls = c.grids.flatMap((g: any) => g.children);
  assert.equal(smalls.length, 9);
  for (const big of c.grids)
    assert.equal(
      big.householdCount,
      big.children.reduce((s: number, g: any) => s + g.householdCount, 0),
    );
  assert.equal(c.householdCount, smalls.reduce((s: number, g: any) => s + g.householdCount, 0) + 1, 'plus the one outside every grid');
  for (const g of smalls) for (const w of g.workers) assert.equal(w.householdCount, g.householdCount);
  // The test data set has 60 households a small grid: every small grid is off the 300–350 norm.
  assert.equal(data.gridsOutOfRange.length, 9);
  assert.ok(smalls.every((g: any) => g.outOfRange));
  assert.equal(data.ungriddedHouseholds.totalCount, 1);
  assert.equal(data.ungriddedHouseholds.nodes[0].grid, null);
});

test('residents by elder tier, tag and hukou, paged with totals; birthdays by tier', async () => {
  const q = `query ($after: String) { residents(first: 25, after: $after, filter: { elderTier: AGE_80, hukou: LOCAL, communityId: "${community0}" }) { totalCount pageInfo { hasNextPage endCursor } nodes { age elderTier hukou } } }`;
  let after: string | null = null;
  let seen = 0;
  let total = 0;
  do {
    const page: any = (await ok('STREET_ADMIN', q, { after })).residents;
    total = page.totalCount;
    for (const r of page.nodes) {
      assert.equal(r.elderTier, 'AGE_80');
      assert.ok(r.age >= 80 && r.age < 90);
      assert.equal(r.hukou, 'LOCAL');
    }
    seen += page.nodes.length;
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  assert.equal(seen, total);
  assert.ok(total > 0);

  const tagged = await ok(
    'STREET_ADMIN',
    `{ residents(first: 200, filter: { tag: LIVING_ALONE }) { totalCount nodes { tags household { members { id } } } } }`,
  );
  assert.ok(tagged.residents.totalCount > 0);
  for (const r of tagged.residents.nodes) {
    assert.ok(r.tags.includes('LIVING_ALONE'));
    assert.equal(r.household.members.length, 1);
  }

  const birthdays = await ok(
    'COMMUNITY_STAFF',
    `query ($c: ID!) { upcomingBirthdays(communityId: $c, days: 366, tier: AGE_70, first: 200) { totalCount nodes { date turningAge tier resident { id } } } }`,
    { c: community0 },
  );
  const list = birthdays.upcomingBirthdays.nodes;
  assert.ok(list.length > 0);
  for (const [i, b] of list.entries()) {
    assert.equal(b.tier, 'AGE_70');
    assert.ok(b.turningAge >= 70 && b.turningAge < 80);
    if (i > 0) assert.ok(list[i - 1].date <= b.date, 'soonest first');
  }
  const bad = await call('COMMUNITY_STAFF', `query ($c: ID!) { upcomingBirthdays(communityId: $c, days: 400) { totalCount } }`, {
    c: community0,
  });
  badInput(bad, 'days');
});

test("today's public board shows everyone's day and the two reception desks", async () => {
  const data = await ok(
    'RESIDENT',
    `query ($c: ID!) { publicBoard(communityId: $c) { date schedule { start end place task staff { name role } } posts { place start end } duty { part desk staff { name dutyPhone } } } }`,
    {
      c: community0,
    },
  );
  const board = data.publicBoard;
  assert.ok(board.schedule.length >= 4);
  assert.deepEqual(
    board.duty.map((d: any) => `${d.part}${d.desk}`),
    ['AM1', 'AM2', 'PM1', 'PM2'],
  );
  for (let i = 1; i < board.schedule.length; i++) assert.ok(board.schedule[i - 1].start <= board.schedule[i].start);
});

test('visits: recorded once per idempotency key, rejected input writes nothing, listed and counted per worker', async () => {
  const household = (await ok('GRID_WORKER', `{ residents(first: 1) { nodes { household { id } } } }`)).residents.nodes[0].household.id;
  const record = `mutation ($input: RecordVisitInput!) { recordVisit(input: $input) { id placeType topics staff { id } household { id } grid { id } } }`;
  const input = {
    idempotencyKey: `e2e-visit-${Date.now()}`,
    householdId: household,
    placeType: 'HOME',
    topics: ['长护险'],
    notes: '老人腿脚不便,代办长护险',
  };
  const count = async () =>
    (
      await ok('COMMUNITY_STAFF', `query ($s: ID) { visits(filter: { staffId: $s }) { totalCount } }`, {
        s: DEMO_USERS.GRID_WORKER.staff_id,
      })
    ).visits.totalCount;
  const before = await count();
  const first = (await ok('GRID_WORKER', record, { input })).recordVisit;
  const again = (await ok('GRID_WORKER', record, { input })).recordVisit;
  assert.equal(again.id, first.id);
  assert.equal(first.grid.id, grid000);
  assert.equal(await count(), before + 1);

  badInput(
    await call('GRID_WORKER', record, { input: { ...input, idempotencyKey: `e2e-bad-${Date.now()}`, topics: [''] } }),
    'input.topics[0]',
  );
  badInput(
    await call('GRID_WORKER', record, { input: { ...input, idempotencyKey: `e2e-bad2-${Date.now()}`, householdId: undefined } }),
    'input.householdId',
  );
  const foreign = (
    await ok('STREET_ADMIN', `query ($g: ID) { residents(first: 1, filter: { gridId: $g }) { nodes { household { id } } } }`, {
      g: grid001,
    })
  ).residents.nodes[0].household.id;
  badInput(
    await call('GRID_WORKER', record, { input: { ...input, idempotencyKey: `e2e-bad3-${Date.now()}`, householdId: foreign } }),
    'input.householdId',
  );
  assert.equal(await count(), before + 1, 'rejected input wrote nothing');

  const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
  const stats = await ok(
    'COMMUNITY_STAFF',
    `query ($c: ID!, $f: LocalDate!, $t: LocalDate!) { visitStats(communityId: $c, from: $f, to: $t) { staff { id } visits households } }`,
    {
      c: community0,
      f: day(-90),
      t: day(0),
    },
  );
  const mine = stats.visitStats.find((s: any) => s.staff.id === DEMO_USERS.GRID_WORKER.staff_id);
  assert.equal(mine.visits, before + 1);
  assert.ok(mine.households >= 1 && mine.households <= mine.visits);
  // A grid worker sees its own figures only (issue 16).
  const gridView = await ok(
    'GRID_WORKER',
    `query ($c: ID!, $f: LocalDate!, $t: LocalDate!) { visitStats(communityId: $c, from: $f, to: $t) { staff { id } visits } }`,
    { c: community0, f: day(-90), t: day(0) },
  );
  assert.deepEqual(gridView.visitStats, [{ staff: { id: DEMO_USERS.GRID_WORKER.staff_id }, visits: mine.visits }]);
});

test('half-days: recorded idempotently and summed into each worker’s weekly off-desk share', async () => {
  const record = `mutation ($input: RecordHalfDayInput!) { recordHalfDay(input: $input) { id mode } }`;
  const week = ['2025-03-03', '2025-03-04', '2025-03-05'];
  for (const date of week) {
    for (const part of ['AM', 'PM']) await ok('GRID_WORKER', record, { input: { date, part, mode: 'OFF_DESK', place: '中心广场' } });
  }
  await ok('GRID_WORKER', record, { input: { date: '2025-03-06', part: 'AM', mode: 'ON_DESK' } });
  await ok('GRID_WORKER', record, { input: { date: '2025-03-06', part: 'AM', mode: 'ON_DESK' } });
  badInput(await call('GRID_WORKER', record, { input: { date: '2025-02-30', part: 'AM', mode: 'ON_DESK' } }), 'input.date');
  badInput(await call('GRID_WORKER', record, { input: { date: '2025-03-07', part: 'AM', mode: 'OFF_DESK' } }), 'input.place');
  const other = await call('GRID_WORKER', record, {
    input: { staffId: id('demo:staff:4'), date: '2025-03-07', part: 'AM', mode: 'ON_DESK' },
  });
  assert.equal(other.errors?.[0]?.extensions?.code, 'FORBIDDEN', 'a grid worker records for itself only');

  const data = await ok(
    'COMMUNITY_STAFF',
    `query ($c: ID!) { offDeskShares(communityId: $c, weekOf: "2025-03-05") { staff { id } weekStart offDesk onDesk share target meetsTarget } }`,
    { c: community0 },
  );
  const mine = data.offDeskShares.find((s: any) => s.staff.id === DEMO_USERS.GRID_WORKER.staff_id);
  assert.deepEqual(
    { ...mine, staff: undefined },
    { staff: undefined, weekStart: '2025-03-03', offDesk: 6, onDesk: 1, share: 0.6, target: 5, meetsTarget: true },
  );
  const someoneElse = data.offDeskShares.find((s: any) => s.staff.id !== DEMO_USERS.GRID_WORKER.staff_id);
  assert.equal(someoneElse.offDesk, 0);
  assert.equal(someoneElse.meetsTarget, false);

  // A period's summary (evaluation scores) reads the months' read model: weekdays within the dates only.
  await ok('GRID_WORKER', record, { input: { date: '2025-03-08', part: 'AM', mode: 'ON_DESK' } });
  await ok('GRID_WORKER', record, { input: { date: '2025-02-28', part: 'PM', mode: 'OFF_DESK', place: '老年活动室' } });
  await ok('GRID_WORKER', record, { input: { date: '2025-02-28', part: 'PM', mode: 'ON_DESK' } });
  const summary = async (from: string, to: string) => {
    const rows = (
      await ok(
        'COMMUNITY_STAFF',
        `query ($c: ID!, $f: LocalDate!, $t: LocalDate!) { offDeskSummary(communityId: $c, from: $f, to: $t) { staff { id } offDesk onDesk share } }`,
        {
          c: community0,
          f: from,
          t: to,
        },
      )
    ).offDeskSummary;
    const row = rows.find((s: any) => s.staff.id === DEMO_USERS.GRID_WORKER.staff_id);
    return { offDesk: row.offDesk, onDesk: row.onDesk, share: row.share };
  };
  assert.deepEqual(
    await summary('2025-02-28', '2025-03-05'),
    { offDesk: 6, onDesk: 1, share: 6 / 7 },
    'two months; a half-day changed is counted once, as changed',
  );
  assert.deepEqual(await summary('2025-03-04', '2025-03-31'), { offDesk: 4, onDesk: 1, share: 0.8 }, 'the Saturday is left out');
});

test('publishing a day replaces it; overlapping slots are refused naming the slot', async () => {
  const publish = `mutation ($input: PublishScheduleInput!) { publishSchedule(input: $input) { start end place task } }`;
  const date = '2027-03-08';
  await ok('GRID_WORKER', publish, { input: { date, slots: [{ start: '08:00', end: '09:00', place: '中心广场', task: '政策宣传' }] } });
  const day = await ok('GRID_WORKER', publish, {
    input: {
      date,
      slots: [
        { start: '14:00', end: '16:00', place: '3栋', task: '入户走访' },
        { start: '09:00', end: '11:30', place: '社区服务站', task: '接待来访' },
      ],
    },
  });
  assert.deepEqual(
    day.publishSchedule.map((s: any) => s.start),
    ['09:00', '14:00'],
  );
  badInput(
    await call('GRID_WORKER', publish, {
      input: {
        date,
        slots: [
          { start: '09:00', end: '10:00', place: 'a', task: 'b' },
          { start: '09:30', end: '11:00', place: 'a', task: 'b' },
        ],
      },
    }),
    'input.slots[1].start',
  );
  const board = await ok(
    'RESIDENT',
    `query ($c: ID!) { publicBoard(communityId: $c, date: "${date}") { schedule { start staff { id } } } }`,
    { c: community0 },
  );
  assert.deepEqual(
    board.publicBoard.schedule.map((s: any) => s.start),
    ['09:00', '14:00'],
    'the rejected day left the published one',
  );
});

test('nearest facilities of a type, nearest first, exact', async () => {
  const q = `query ($n: Int) { nearestFacilities(type: FIRE_HYDRANT, lat: 30.5435, lng: 114.3421, first: $n) { distanceMeters facility { type name lat lng } } }`;
  const all = (await ok('RESIDENT', q, { n: 50 })).nearestFacilities;
  const five = (await ok('RESIDENT', q, { n: 5 })).nearestFacilities;
  assert.ok(all.length > 5);
  assert.deepEqual(five, all.slice(0, 5));
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].distanceMeters <= all[i].distanceMeters);
  assert.ok(all.every((f: any) => f.facility.type === 'FIRE_HYDRANT'));
  badInput(await call('RESIDENT', `{ nearestFacilities(type: BIN, lat: 91, lng: 0) { distanceMeters } }`), 'lat');
});

test('moving a household updates its grid, its residents, both grids’ counts and its history', async () => {
  const counts = async () => {
    const d = await ok(
      'STREET_ADMIN',
      `query ($a: ID!, $b: ID!) { a: grid(id: $a) { householdCount } b: grid(id: $b) { householdCount } }`,
      { a: grid000, b: grid001 },
    );
    return { a: d.a.householdCount as number, b: d.b.householdCount as number };
  };
  const household = id('demo:household:1');
  const before = await counts();
  const move = `mutation ($input: MoveHouseholdInput!) { moveHousehold(input: $input) { id grid { id } members { id } } }`;
  const moved = (await ok('COMMUNITY_STAFF', move, { input: { householdId: household, toGridId: grid001, reason: '楼栋划分调整' } }))
    .moveHousehold;
  assert.equal(moved.grid.id, grid001);
  assert.deepEqual(await counts(), { a: before.a - 1, b: before.b + 1 });
  await ok('COMMUNITY_STAFF', move, { input: { householdId: household, toGridId: grid001, reason: '重复提交' } });
  assert.deepEqual(await counts(), { a: before.a - 1, b: before.b + 1 }, 'the same move again changes nothing');

  const history = await ok('COMMUNITY_STAFF', `query ($h: ID!) { householdMoves(householdId: $h) { from { id } to { id } by reason } }`, {
    h: household,
  });
  assert.deepEqual(history.householdMoves, [
    { from: { id: grid000 }, to: { id: grid001 }, by: DEMO_USERS.COMMUNITY_STAFF.sub, reason: '楼栋划分调整' },
  ]);
  const member = moved.members[0].id;
  const worker001 = await issueToken(stack.keysDir, {
    ...DEMO_USERS.GRID_WORKER,
    sub: 'demo-grid-worker-001',
    staff_id: id('demo:staff:5'),
    grid_ids: [grid001],
  });
  const seen = await gql(
    stack.gatewayUrl,
    `query ($id: ID!) { resident(id: $id) { id } }`,
    { id: member },
    { authorization: `Bearer ${worker001}` },
  );
  assert.equal(seen.body.data.resident.id, member, 'its residents moved with it: the new grid worker sees them');

  badInput(
    await call('COMMUNITY_STAFF', move, { input: { householdId: household, toGridId: id('demo:grid:0-0'), reason: '调整' } }),
    'input.toGridId',
  );
  badInput(await call('COMMUNITY_STAFF', move, { input: { householdId: household, toGridId: grid000, reason: '' } }), 'input.reason');
  const denied = await call('GRID_WORKER', move, { input: { householdId: household, toGridId: grid000, reason: '调整' } });
  assert.equal(denied.errors?.[0]?.extensions?.code, 'FORBIDDEN');

  const gap = id('demo:household:ungridded-0');
  const gaps = `query ($c: ID!) { ungriddedHouseholds(communityId: $c) { totalCount nodes { id } } }`;
  const report = (await ok('COMMUNITY_STAFF', gaps, { c: community0 })).ungriddedHouseholds;
  assert.deepEqual(report, { totalCount: 1, nodes: [{ id: gap }] });
  await ok('COMMUNITY_STAFF', move, { input: { householdId: gap, toGridId: grid001, reason: '纳入网格管理' } });
  assert.deepEqual(
    (await ok('COMMUNITY_STAFF', gaps, { c: community0 })).ungriddedHouseholds,
    { totalCount: 0, nodes: [] },
    'a household moved into a grid leaves the gap report',
  );
});

test('two reception shifts swap their workers; a facility inspection updates the living map', async () => {
  const board = await ok('COMMUNITY_STAFF', `query ($c: ID!) { publicBoard(communityId: $c) { duty { id part desk staff { id } } } }`, {
    c: community0,
  });
  const [a, b] = board.publicBoard.duty;
  const swapped = await ok('COMMUNITY_STAFF', `mutation ($i: SwapDutyShiftsInput!) { swapDutyShifts(input: $i) { id staff { id } } }`, {
    i: { firstShiftId: a.id, secondShiftId: b.id },
  });
  assert.deepEqual(
    swapped.swapDutyShifts.map((s: any) => s.staff.id),
    [b.staff.id, a.staff.id],
  );
  badInput(
    await call('COMMUNITY_STAFF', `mutation ($i: SwapDutyShiftsInput!) { swapDutyShifts(input: $i) { id } }`, {
      i: { firstShiftId: a.id, secondShiftId: a.id },
    }),
    'input.secondShiftId',
  );

  const q = `{ nearestFacilities(type: BIN, lat: 30.5435, lng: 114.3421, first: 1) { facility { id status lastInspectedAt } } }`;
  const bin = (await ok('GRID_WORKER', q)).nearestFacilities[0].facility;
  // Community staff inspect any facility of the community (a grid worker those of its grids: admin-map.test.ts).
  const inspected = await ok(
    'COMMUNITY_STAFF',
    `mutation ($i: InspectFacilityInput!) { inspectFacility(input: $i) { status lastInspectedAt } }`,
    { i: { facilityId: bin.id, status: 'NEEDS_REPAIR' } },
  );
  assert.equal(inspected.inspectFacility.status, 'NEEDS_REPAIR');
  assert.equal((await ok('GRID_WORKER', q)).nearestFacilities[0].facility.status, 'NEEDS_REPAIR', 'the map shows the inspection at once');
});
