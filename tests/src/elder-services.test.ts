// The 6789 elder services delivered, not only reminded (issue 16, item 3; seed 003, 美湖's "6789"
// 为老服务), and the off-desk fixes (item 5; seed 001, the 下沉 half-days) through the gateway: each
// delivery recorded once, the owed counts and walk lists per grid and tier that shrink with it, the
// worker's own figures, departed residents owed nothing, every scope refused, and bad input writing
// nothing.
import { issueToken, DEMO_USERS } from '@jwh/gateway/dev-keys';
import { makeNationalId } from '@jwh/people-grids/national-id';
import { addDays, localDate, type Role } from '@jwh/platform';
import { demoId, roleClient } from '@jwh/testkit';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import mongoose from 'mongoose';
import { env } from './environment.js';
import { as, stackForTests } from './harness.js';

const stack = stackForTests();

const community0 = demoId('demo:community:0');
const community1 = demoId('demo:community:1');
const grid000 = demoId('demo:grid:0-0-0');
const grid001 = demoId('demo:grid:0-0-1');
const workerStaffId = DEMO_USERS.GRID_WORKER.staff_id as string;
const today = localDate();
const year = Number(today.slice(0, 4));
const run = Date.now().toString(36);

type Headers = Role | 'OTHER_STAFF';
const staff = (): Headers => 'COMMUNITY_STAFF';
const worker = (): Headers => 'GRID_WORKER';
let otherToken = '';
/** Community staff of community 1 only (凤凰山's secretary): its token is issued before its first call. */
const otherStaff = async (): Promise<Headers> => {
  otherToken ||= await issueToken(stack.keysDir, { sub: 'other-secretary', role: 'COMMUNITY_STAFF', community_ids: [community1] });
  return 'OTHER_STAFF';
};
const { call, ok } = roleClient<Headers>(
  () => stack.gatewayUrl,
  (who) => (who === 'OTHER_STAFF' ? { authorization: `Bearer ${otherToken}` } : as(stack, who)),
);

let conn: mongoose.Connection | undefined;
after(async () => {
  await conn?.close();
});
/** The rows a refused call must not touch: deliveries, their month tallies and half-days. */
async function rows() {
  conn ??= await mongoose.createConnection(env.MONGO_URL).asPromise();
  const db = conn.useDb(`${stack.common.MONGO_DB_PREFIX}people_grids`).db!;
  const [deliveries, tallies, halfDays] = await Promise.all(
    ['elderdeliveries', 'elderdeliverymonths', 'halfdays'].map((c) => db.collection(c).countDocuments({})),
  );
  const monthDocs = await db.collection('elderdeliverymonths').find({}).toArray();
  const tallied = monthDocs.reduce((n, d) => n + Object.keys(d.deliveries ?? {}).length, 0);
  return { deliveries, tallies, tallied, halfDays };
}
/** The call is refused with `code` (and `field`, with a Chinese message), and nothing was written. */
async function refused(headers: Headers, query: string, variables: Record<string, unknown>, code: string, field?: string) {
  const before = await rows();
  const body = await call(headers, query, variables);
  const e = body.errors?.[0];
  assert.equal(e?.extensions?.code, code, JSON.stringify(body.errors));
  if (field) {
    assert.equal(e?.extensions?.field, field, JSON.stringify(body.errors));
    assert.match(e!.message, /[\u4e00-\u9fff]/u, 'a message in Chinese (and English)');
  }
  assert.deepEqual(await rows(), before, `${field ?? code}: nothing written`);
}

let sequence = 500;
/** A birth date `age` years ago, its birthday 40 days on (the age stays put for the run). */
const bornAgo = (age: number) => {
  const md = addDays(today, 40).slice(5);
  return `${year - age}-${md === '02-29' ? '02-28' : md}`;
};
async function household(gridId: string, n: number): Promise<string> {
  const input = {
    communityId: community0,
    address: `美湖社区为老测试${run}栋${n}室`,
    building: `为老测试${run}栋`,
    gridId,
    idempotencyKey: `eld-${run}-${n}`,
  };
  return (await ok(staff(), `mutation ($i: CreateHouseholdInput!) { createHousehold(input: $i) { id } }`, { i: input })).createHousehold.id;
}
async function elder(householdId: string, name: string, age: number): Promise<string> {
  const nationalId = makeNationalId('429903', bornAgo(age), (sequence += 2));
  const i = { householdId, name, nationalId, idempotencyKey: `eld-${run}-${name}` };
  return (await ok(staff(), `mutation ($i: AddResidentInput!) { addResident(input: $i) { id } }`, { i })).addResident.id;
}

// The last year's 重阳 (always behind us), this year's birthdays, this month's haircut, today's lunch.
const DOUBLE_NINTH = { service: 'FESTIVAL_GIFT', year: year - 1, festival: 'DOUBLE_NINTH' };
const BANQUET = { service: 'BIRTHDAY_BANQUET', year };
const CAKE = { service: 'BIRTHDAY_CAKE', year };
const HAIRCUT = { service: 'HAIRCUT', date: today };
const MEAL = { service: 'CANTEEN_MEAL', date: today };

const RECORD = `mutation ($i: RecordElderDeliveryInput!) { recordElderDelivery(input: $i) {
  alreadyRecorded delivery { id tier at resident { id } staff { id } occasion { service key label ageOn } } } }`;
const REPORT = `query ($c: ID!, $o: ElderOccasionInput!, $g: ID!) { elderServices(communityId: $c, occasion: $o) {
  occasion { key label } eligible delivered owed counts { grid { id } tier eligible delivered owed }
  owedResidents(gridId: $g) { resident { id } tier age } } }`;
const REPORT_COUNTS = `query ($c: ID!, $o: ElderOccasionInput!) { elderServices(communityId: $c, occasion: $o) {
  eligible delivered owed counts { grid { id } tier eligible delivered owed } } }`;

type Cell = { grid: { id: string } | null; tier: string; eligible: number; delivered: number; owed: number };
async function report(headers: Headers, occasion: Record<string, unknown>, gridId = grid000) {
  const r = (await ok(headers, REPORT, { c: community0, o: occasion, g: gridId })).elderServices;
  const cell = (g: string, tier: string) =>
    (r.counts as Cell[]).find((c) => c.grid?.id === g && c.tier === tier) ?? { eligible: 0, delivered: 0, owed: 0 };
  return { ...r, cell, owedIds: (r.owedResidents as { resident: { id: string } }[]).map((o) => o.resident.id) };
}
const record = (headers: Headers, residentId: string, occasion: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  call(headers, RECORD, { i: { residentId, occasion, ...extra } });
/** The worker's 6789 deliveries of the last 30 days as `headers` sees its row of visitStats. */
async function deliveriesOf(headers: Headers) {
  const rows = (
    await ok(
      headers,
      `query ($c: ID!, $f: LocalDate!, $t: LocalDate!) { visitStats(communityId: $c, from: $f, to: $t) { staff { id } elderDeliveries } }`,
      {
        c: community0,
        f: addDays(today, -30),
        t: today,
      },
    )
  ).visitStats as { staff: { id: string }; elderDeliveries: number }[];
  return { rows, mine: rows.find((r) => r.staff.id === workerStaffId)?.elderDeliveries ?? 0 };
}

// The elders of the tests below: a household in the worker's grid, one in the grid beside it.
const people = { sixty: '', seventy: '', eighty: '', ninety: '', departed: '', elsewhere: '' };
async function setUp() {
  if (people.sixty) return;
  const home = await household(grid000, 1);
  const next = await household(grid001, 2);
  people.sixty = await elder(home, '为老甲', 65);
  people.seventy = await elder(home, '为老乙', 75);
  people.eighty = await elder(home, '为老丙', 85);
  people.ninety = await elder(home, '为老丁', 95);
  people.departed = await elder(home, '为老戊', 88);
  people.elsewhere = await elder(next, '为老己', 86);
}

test('seed 003: a grid worker hands out the 重阳糕 of its grid; counted once per elder, the owed list shrinks, the worker’s figures count it', async () => {
  await setUp();
  const before = await report(worker(), DOUBLE_NINTH);
  assert.match(before.occasion.label, /重阳节/);
  assert.equal(before.occasion.key, `DOUBLE_NINTH:${year - 1}`);
  for (const id of [people.eighty, people.ninety, people.departed])
    assert.ok(before.owedIds.includes(id), 'an 80+ elder of the grid is owed');
  for (const id of [people.sixty, people.seventy, people.elsewhere]) assert.ok(!before.owedIds.includes(id), 'under 80, or another grid');
  assert.ok(
    (before.counts as Cell[]).every((c) => c.grid?.id === grid000),
    'a grid worker counts its own grids',
  );
  const figures = await deliveriesOf(worker());

  // 为老戊 died: owed nothing from then on.
  await ok(staff(), `mutation ($i: RecordResidentDeathInput!) { recordResidentDeath(input: $i) { id status } }`, {
    i: { id: people.departed, date: today, reason: '病故' },
  });
  const afterDeath = await report(worker(), DOUBLE_NINTH);
  assert.ok(!afterDeath.owedIds.includes(people.departed));
  assert.equal(afterDeath.cell(grid000, 'AGE_80').eligible, before.cell(grid000, 'AGE_80').eligible - 1);
  await refused(worker(), RECORD, { i: { residentId: people.departed, occasion: DOUBLE_NINTH } }, 'BAD_USER_INPUT', 'input.residentId');

  const first = await record(worker(), people.eighty, DOUBLE_NINTH);
  assert.equal(first.errors, undefined, JSON.stringify(first.errors));
  const d = first.data.recordElderDelivery;
  assert.equal(d.alreadyRecorded, false);
  assert.deepEqual(
    { tier: d.delivery.tier, resident: d.delivery.resident.id, staff: d.delivery.staff.id, service: d.delivery.occasion.service },
    { tier: 'AGE_80', resident: people.eighty, staff: workerStaffId, service: 'FESTIVAL_GIFT' },
  );
  // A retry, and the secretary delivering the same gift again: the first record, counted once.
  const written = await rows();
  for (const headers of [worker(), staff()]) {
    const again = (await ok(headers, RECORD, { i: { residentId: people.eighty, occasion: DOUBLE_NINTH } })).recordElderDelivery;
    assert.deepEqual({ id: again.delivery.id, already: again.alreadyRecorded }, { id: d.delivery.id, already: true });
  }
  assert.deepEqual(await rows(), written, 'a retry writes nothing more');

  const afterGift = await report(worker(), DOUBLE_NINTH);
  assert.ok(!afterGift.owedIds.includes(people.eighty), 'delivered: off the walk list');
  assert.ok(afterGift.owedIds.includes(people.ninety));
  assert.deepEqual(
    { d: afterGift.cell(grid000, 'AGE_80').delivered, o: afterGift.cell(grid000, 'AGE_80').owed },
    { d: afterDeath.cell(grid000, 'AGE_80').delivered + 1, o: afterDeath.cell(grid000, 'AGE_80').owed - 1 },
  );
  assert.equal(afterGift.owed, afterGift.eligible - afterGift.delivered);
  // The community sees the same grid cell among all its grids.
  const community = (await ok(staff(), REPORT_COUNTS, { c: community0, o: DOUBLE_NINTH })).elderServices;
  const cell = (community.counts as Cell[]).find((c) => c.grid?.id === grid000 && c.tier === 'AGE_80');
  assert.deepEqual(cell, { ...afterGift.cell(grid000, 'AGE_80'), grid: { id: grid000 }, tier: 'AGE_80' });
  assert.ok(community.eligible > afterGift.eligible, 'the community counts every grid');

  // The other services of the tiers: banquet (90+), cake and lunch (70+), haircut (60+).
  for (const [id, occasion, tier] of [
    [people.ninety, BANQUET, 'AGE_90'],
    [people.seventy, CAKE, 'AGE_70'],
    [people.seventy, MEAL, 'AGE_70'],
    [people.sixty, HAIRCUT, 'AGE_60'],
  ] as const) {
    const r = (await ok(worker(), RECORD, { i: { residentId: id, occasion } })).recordElderDelivery;
    assert.deepEqual({ already: r.alreadyRecorded, tier: r.delivery.tier }, { already: false, tier }, JSON.stringify(occasion));
    assert.ok(!(await report(worker(), occasion)).owedIds.includes(id));
  }
  assert.equal((await report(worker(), HAIRCUT)).occasion.key, today.slice(0, 7), 'one free haircut a month');
  // The worker's figures beside its visits: five deliveries, the retries not counted; the secretary sees the same.
  assert.equal((await deliveriesOf(worker())).mine, figures.mine + 5);
  assert.equal((await deliveriesOf(staff())).mine, figures.mine + 5);
});

test('seed 003: too young, a festival not named, an occasion still ahead or long past, a time in the future or back-dated: refused by field, nothing written', async () => {
  await setUp();
  const cases: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
    [people.seventy, DOUBLE_NINTH, {}, 'input.residentId'],
    [people.eighty, BANQUET, {}, 'input.residentId'],
    [people.sixty, MEAL, {}, 'input.residentId'],
    [people.eighty, { service: 'FESTIVAL_GIFT', year }, {}, 'input.occasion.festival'],
    [people.eighty, { service: 'FESTIVAL_GIFT', festival: 'MID_AUTUMN' }, {}, 'input.occasion.year'],
    [people.seventy, { service: 'CANTEEN_MEAL', date: addDays(today, 1) }, {}, 'input.occasion.date'],
    [people.ninety, { service: 'BIRTHDAY_BANQUET', year: year + 1 }, {}, 'input.occasion.year'],
    [people.seventy, { service: 'HAIRCUT' }, {}, 'input.occasion.date'],
    [people.seventy, HAIRCUT, { at: new Date(Date.now() + 86_400_000).toISOString() }, 'input.at'],
    // Back-dated: before the occasion, or more than a month ago; an occasion of three years ago.
    [people.seventy, HAIRCUT, { at: new Date(Date.now() - 40 * 86_400_000).toISOString() }, 'input.at'],
    [people.seventy, { service: 'HAIRCUT', date: `${year - 3}-05-01` }, {}, 'input.occasion.date'],
    ['nope', HAIRCUT, {}, 'input.residentId'],
  ];
  for (const [residentId, occasion, extra, field] of cases)
    await refused(worker(), RECORD, { i: { residentId, occasion, ...extra } }, 'BAD_USER_INPUT', field);
});

test('seed 003: scope: a worker records and reads its own grids, another community sees nothing, partners and residents are refused', async () => {
  await setUp();
  // The grid beside the worker's: not its to record or to walk.
  await refused(worker(), RECORD, { i: { residentId: people.elsewhere, occasion: DOUBLE_NINTH } }, 'NOT_FOUND');
  await refused(worker(), REPORT, { c: community0, o: DOUBLE_NINTH, g: grid001 }, 'NOT_FOUND');
  // A grid worker records its own deliveries only.
  await refused(worker(), RECORD, { i: { residentId: people.eighty, occasion: HAIRCUT, staffId: demoId('demo:staff:4') } }, 'FORBIDDEN');
  // The secretary may walk any grid of the community, and record the other grid's elder.
  const next = await report(staff(), DOUBLE_NINTH, grid001);
  assert.ok(next.owedIds.includes(people.elsewhere));
  // Another community's secretary: neither the report nor the residents.
  const other = await otherStaff();
  await refused(other, REPORT_COUNTS, { c: community0, o: DOUBLE_NINTH }, 'NOT_FOUND');
  await refused(other, RECORD, { i: { residentId: people.elsewhere, occasion: DOUBLE_NINTH } }, 'NOT_FOUND');
  // Partners (the canteen) and residents: nothing of it.
  for (const role of ['PARTNER', 'RESIDENT'] as const) {
    await refused(role, REPORT_COUNTS, { c: community0, o: DOUBLE_NINTH }, 'FORBIDDEN');
    await refused(role, RECORD, { i: { residentId: people.elsewhere, occasion: DOUBLE_NINTH } }, 'FORBIDDEN');
  }
  const r = (await ok(staff(), RECORD, { i: { residentId: people.elsewhere, occasion: DOUBLE_NINTH } })).recordElderDelivery;
  assert.equal(r.delivery.staff.id, DEMO_USERS.COMMUNITY_STAFF.staff_id, 'by default the recorder delivered it');
  // The worker's count of its grids did not move with the other grid's delivery.
  const mine = (await ok(worker(), REPORT_COUNTS, { c: community0, o: DOUBLE_NINTH })).elderServices;
  assert.ok((mine.counts as Cell[]).every((c) => c.grid?.id === grid000));
});

const HALF_DAY = `mutation ($i: RecordHalfDayInput!) { recordHalfDay(input: $i) { id date part mode } }`;
const SHARES = `query ($c: ID!, $w: LocalDate!) { offDeskShares(communityId: $c, weekOf: $w) { staff { id } weekStart offDesk onDesk share } }`;

test('seed 001: a Friday filled in on Thursday is refused; the worker sees its own weekly off-desk share and visit figures, the secretary everyone’s', async () => {
  // Half-days still ahead (tomorrow, next week) count toward nobody's share.
  for (const date of [addDays(today, 1), addDays(today, 7)])
    await refused(worker(), HALF_DAY, { i: { date, part: 'AM', mode: 'OFF_DESK', place: '中心广场' } }, 'BAD_USER_INPUT', 'input.date');
  await refused(
    staff(),
    HALF_DAY,
    { i: { staffId: workerStaffId, date: addDays(today, 1), part: 'PM', mode: 'ON_DESK' } },
    'BAD_USER_INPUT',
    'input.date',
  );

  // A past week (Monday 2024-06-03): two half-days off-desk and one on-desk.
  for (const part of ['AM', 'PM']) await ok(worker(), HALF_DAY, { i: { date: '2024-06-03', part, mode: 'OFF_DESK', place: '3栋' } });
  await ok(worker(), HALF_DAY, { i: { date: '2024-06-04', part: 'AM', mode: 'ON_DESK' } });

  const own = (await ok(worker(), SHARES, { c: community0, w: '2024-06-05' })).offDeskShares;
  assert.deepEqual(own, [{ staff: { id: workerStaffId }, weekStart: '2024-06-03', offDesk: 2, onDesk: 1, share: 0.2 }], 'its own row only');
  const all = (await ok(staff(), SHARES, { c: community0, w: '2024-06-05' })).offDeskShares as { staff: { id: string } }[];
  assert.ok(all.length > 1 && all.some((s) => s.staff.id === workerStaffId), 'the secretary sees every worker');

  await ok(worker(), `mutation ($i: RecordVisitInput!) { recordVisit(input: $i) { id } }`, {
    i: { placeType: 'PUBLIC_SPACE', topics: ['为老服务'], idempotencyKey: `eld-visit-${run}` },
  });
  const visits = (
    await ok(
      worker(),
      `query ($c: ID!, $f: LocalDate!, $t: LocalDate!) { visitStats(communityId: $c, from: $f, to: $t) { staff { id } visits } }`,
      {
        c: community0,
        f: addDays(today, -60),
        t: today,
      },
    )
  ).visitStats as { staff: { id: string } }[];
  assert.deepEqual([...new Set(visits.map((v) => v.staff.id))], [workerStaffId], 'its own figures only');
});
