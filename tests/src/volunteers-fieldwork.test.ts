// Field work of volunteers and the canteen as the seeds tell it (issue 16, item 7 and parts of items
// 1 and 10): staff sign elders up at the door, priority points come back on a cancellation, check-in
// on the day, activities hold their rooms (seed 003); love cards valid at every member of the card's
// alliance, each canteen settling its own share, the street's settlement, cards suspended, replaced
// and issued in bulk (seed 002). Every refusal names its code and field and writes nothing.
import { atLocal, localDate, localDayRange, localMonth } from '@jwh/platform';
import ExcelJS from 'exceljs';
import mongoose from 'mongoose';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { env } from './environment.js';
import { as, stackClient, stackForTests } from './harness.js';
import { demoId as id, type GraphQLErrorBody } from '@jwh/testkit';

// A bulk issue reads a page of residents from people-grids and writes their cards in one call.
const stack = stackForTests({ gatewayEnv: { SUBGRAPH_TIMEOUT_MS: '60000' } });
const community0 = id('demo:community:0');
const community1 = id('demo:community:1');
const resident = (n: number) => id(`demo:resident:${n}`);

/** The demo users, and tokens made once the stack is up: demo residents, the other community's secretary, canteens. */
const { token, call, ok } = stackClient(stack);
const residentToken = (n: number) =>
  token(`demo-resident-${n}`, { role: 'RESIDENT', resident_id: resident(n), community_ids: [community0] });
const otherStaff = () => token('other-secretary', { role: 'COMMUNITY_STAFF', community_ids: [community1] });
const bothStaff = () => token('street-secretary', { role: 'COMMUNITY_STAFF', community_ids: [community0, community1] });
const canteenToken = (orgId: string) => token(`canteen-${orgId}`, { role: 'PARTNER', org_id: orgId, org_kind: 'ELDER_CANTEEN' });
/** A demo role, or a token made here. */
type Who = string;

let conn: mongoose.Connection | undefined;
after(async () => {
  await conn?.close();
});
/** What this part writes: a refused call changes none of it. */
async function written() {
  conn ??= await mongoose.createConnection(env.MONGO_URL).asPromise();
  const v = conn.useDb(`${stack.common.MONGO_DB_PREFIX}volunteers`).db!;
  const count = (c: string) => v.collection(c).countDocuments({});
  const [signUps, points, activities, bookings, blocks, cards, meals, volunteers, changes, cardStates] = await Promise.all([
    count('signups'),
    count('pointsentries'),
    count('activities'),
    v.collection('bookings').countDocuments({ status: 'BOOKED' }),
    count('roomblocks'),
    count('mealcards'),
    count('mealredemptions'),
    count('volunteers'),
    conn.useDb(`${stack.common.MONGO_DB_PREFIX}change_log`).db!.collection('changerecords').countDocuments({}),
    v
      .collection('mealcards')
      .find({}, { projection: { _id: 0, cardNo: 1, status: 1 } })
      .toArray(),
  ]);
  const states = cardStates.map((c) => `${c.cardNo}:${c.status}`).sort();
  return { signUps, points, activities, bookings, blocks, cards, meals, volunteers, changes, states };
}

/** The call is refused with `code` (and, for bad input, `field`, in Chinese first), and nothing was written. */
async function refused(who: Who, query: string, variables: Record<string, unknown>, code: string, field?: string) {
  const before = await written();
  const body = await call(who, query, variables);
  const e: GraphQLErrorBody | undefined = body.errors?.[0];
  assert.equal(e?.extensions?.code, code, `${JSON.stringify(variables).slice(0, 200)} → ${JSON.stringify(body.errors)}`);
  if (field) {
    assert.equal(e?.extensions?.field, field, JSON.stringify(body.errors));
    assert.match(e!.message, /[\u4e00-\u9fff].*\(.*[a-z]/u, 'Chinese first, English in brackets');
  }
  assert.deepEqual(await written(), before, `${field ?? code}: nothing written`);
  return e!;
}

let n = 0;
const key = () => `e2e-fieldwork-${Date.now()}-${n++}`;
const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const seconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
/** Later today (Asia/Shanghai): twenty minutes from now, or just before midnight. */
const laterToday = () => new Date(Math.min(Date.now() + 20 * 60_000, localDayRange(localDate()).end.getTime() - 30_000)).toISOString();
const dayAfter = (days: number) => localDate(new Date(Date.now() + days * 86_400_000));

const CREATE = `mutation ($i: CreateActivityInput!) { createActivity(input: $i) { id endsAt } }`;
async function createActivity(input: Record<string, unknown>) {
  const i = { communityId: community0, title: '周末绘本课', organiser: '美湖读书会', capacity: 10, signupOpensAt: hours(-1), ...input };
  return (await ok('COMMUNITY_STAFF', CREATE, { i })).createActivity.id as string;
}
const SIGN_UP = `mutation ($i: SignUpInput!) { signUp(input: $i) { outcome signUp { id status priority signedUpBy resident { id } } } }`;
const CANCEL = `mutation ($id: ID!) { cancelSignUp(id: $id) { status cancelledBy pointsRefunded } }`;
const COUNTS = `query ($a: ID!) { activity(id: $a) { confirmed waitlisted attended } }`;

test('seed 003: a worker signs an elder up at the door (the resident named, the worker recorded) and cancels for it; seats, waitlist and refusals as for residents', async () => {
  const activityId = await createActivity({ title: '重阳节包饺子', capacity: 1, startsAt: hours(48) });
  const atDoor = await ok('GRID_WORKER', SIGN_UP, { i: { clientRequestId: key(), activityId, residentId: resident(9) } });
  assert.equal(atDoor.signUp.outcome, 'CONFIRMED');
  assert.deepEqual(
    { by: atDoor.signUp.signUp.signedUpBy, resident: atDoor.signUp.signUp.resident.id },
    { by: 'demo-grid-worker', resident: resident(9) },
  );
  const second = await ok('COMMUNITY_STAFF', SIGN_UP, { i: { clientRequestId: key(), activityId, residentId: resident(10) } });
  assert.equal(second.signUp.outcome, 'WAITLISTED', 'one seat: the second elder waits, as a resident would');
  assert.equal(second.signUp.signUp.signedUpBy, 'demo-secretary');
  const twice = await ok('COMMUNITY_STAFF', SIGN_UP, { i: { clientRequestId: key(), activityId, residentId: resident(9) } });
  assert.equal(twice.signUp.outcome, 'ALREADY_SIGNED_UP');
  const own = await ok(await residentToken(1), SIGN_UP, { i: { clientRequestId: key(), activityId } });
  assert.equal(own.signUp.signUp.signedUpBy, null, 'a resident signing up for itself is not signed up by anyone');

  const bad = (i: Record<string, unknown>) => ({ i: { clientRequestId: key(), activityId, ...i } });
  await refused('COMMUNITY_STAFF', SIGN_UP, bad({}), 'BAD_USER_INPUT', 'input.residentId');
  await refused('COMMUNITY_STAFF', SIGN_UP, bad({ residentId: 'zz' }), 'BAD_USER_INPUT', 'input.residentId');
  await refused(await otherStaff(), SIGN_UP, bad({ residentId: resident(13) }), 'BAD_USER_INPUT', 'input.residentId');
  await refused(await residentToken(2), SIGN_UP, bad({ residentId: resident(13) }), 'BAD_USER_INPUT', 'input.residentId');
  await refused('PARTNER', SIGN_UP, bad({ residentId: resident(13) }), 'FORBIDDEN');

  await refused(await otherStaff(), CANCEL, { id: atDoor.signUp.signUp.id }, 'NOT_FOUND');
  const cancelled = await ok('GRID_WORKER', CANCEL, { id: atDoor.signUp.signUp.id });
  assert.deepEqual(cancelled.cancelSignUp, { status: 'CANCELLED', cancelledBy: 'demo-grid-worker', pointsRefunded: 0 });
  assert.deepEqual((await ok('COMMUNITY_STAFF', COUNTS, { a: activityId })).activity, { confirmed: 1, waitlisted: 1, attended: 0 });

  // A grid worker acts for the residents of its own grid only (people-grids' scope of the worker).
  const outside = (
    await ok('COMMUNITY_STAFF', `query ($g: ID!) { residents(first: 1, filter: { gridId: $g }) { nodes { id } } }`, {
      g: id('demo:grid:0-1-0'),
    })
  ).residents.nodes[0].id;
  await refused('GRID_WORKER', SIGN_UP, bad({ residentId: outside }), 'BAD_USER_INPUT', 'input.residentId');
  const bySecretary = await ok('COMMUNITY_STAFF', SIGN_UP, { i: { clientRequestId: key(), activityId, residentId: outside } });
  await refused('GRID_WORKER', CANCEL, { id: bySecretary.signUp.signUp.id }, 'NOT_FOUND');
});

test('seed 003: the points of a priority sign-up come back when it is cancelled before the activity, once; not after it started', async () => {
  const balance = async () => {
    const v = (
      await ok('STREET_ADMIN', `query ($r: ID!) { resident(id: $r) { volunteer { id pointsBalance pointsHistory { delta reason } } } }`, {
        r: resident(0),
      })
    ).resident.volunteer;
    return v as { id: string; pointsBalance: number; pointsHistory: { delta: number; reason: string }[] };
  };
  const volunteer = await balance();
  await ok('COMMUNITY_STAFF', `mutation ($i: ConfirmHoursInput!) { confirmHours(input: $i) { delta } }`, {
    i: { idempotencyKey: key(), volunteerId: volunteer.id, hours: 2 },
  });
  const start = (await balance()).pointsBalance;
  const priority = { priorityOpensAt: hours(-1), priorityMinPoints: 5, priorityCost: 5 };
  const activityId = await createActivity({ title: '周末绘本课(优先)', startsAt: hours(72), signupOpensAt: hours(24), ...priority });
  // A priority place spends the resident's own points: staff may not take one for it.
  await refused(
    'COMMUNITY_STAFF',
    SIGN_UP,
    { i: { clientRequestId: key(), activityId, residentId: resident(0) } },
    'BAD_USER_INPUT',
    'input.activityId',
  );
  assert.equal((await balance()).pointsBalance, start, 'nothing spent');
  const s = await ok(await residentToken(0), SIGN_UP, { i: { clientRequestId: key(), activityId } });
  assert.deepEqual({ outcome: s.signUp.outcome, priority: s.signUp.signUp.priority }, { outcome: 'CONFIRMED', priority: true });
  assert.equal((await balance()).pointsBalance, start - 5);
  const cancelled = await ok(await residentToken(0), CANCEL, { id: s.signUp.signUp.id });
  assert.deepEqual(cancelled.cancelSignUp, { status: 'CANCELLED', cancelledBy: 'demo-resident-0', pointsRefunded: 5 });
  const refunded = await balance();
  assert.equal(refunded.pointsBalance, start, 'the 5 points are back');
  assert.equal(refunded.pointsHistory[0]!.delta, 5);
  assert.match(refunded.pointsHistory[0]!.reason, /退还/);
  await refused(await residentToken(0), CANCEL, { id: s.signUp.signUp.id }, 'CONFLICT');
  assert.equal((await balance()).pointsBalance, start, 'a retried cancellation refunds nothing more');

  // Cancelled after the start: the points are kept.
  const soon = await createActivity({ title: '绘本课(即将开始)', startsAt: seconds(12), signupOpensAt: seconds(8), ...priority });
  const late = await ok(await residentToken(0), SIGN_UP, { i: { clientRequestId: key(), activityId: soon } });
  assert.deepEqual({ outcome: late.signUp.outcome, priority: late.signUp.signUp.priority }, { outcome: 'CONFIRMED', priority: true });
  await sleep(13_000);
  const afterStart = await ok(await residentToken(0), CANCEL, { id: late.signUp.signUp.id });
  assert.equal(afterStart.cancelSignUp.pointsRefunded, 0);
  assert.equal((await balance()).pointsBalance, start - 5);
});

test("seed 003: check-in only on the activity's day (Asia/Shanghai): refused days before, accepted on the day", async () => {
  const CHECK_IN = `mutation ($s: ID!) { checkIn(signUpId: $s) { attended } }`;
  const later = await createActivity({ title: '周六助老理发', startsAt: hours(48) });
  const early = await ok(await residentToken(1), SIGN_UP, { i: { clientRequestId: key(), activityId: later } });
  const e = await refused('COMMUNITY_STAFF', CHECK_IN, { s: early.signUp.signUp.id }, 'BAD_USER_INPUT', 'signUpId');
  assert.ok(e.message.includes(localDate(new Date(Date.now() + 48 * 3_600_000))), 'names the day');
  assert.equal((await ok('COMMUNITY_STAFF', COUNTS, { a: later })).activity.attended, 0);

  const today = await createActivity({ title: '今日理发', startsAt: laterToday() });
  const onDay = await ok(await residentToken(1), SIGN_UP, { i: { clientRequestId: key(), activityId: today } });
  assert.deepEqual((await ok('COMMUNITY_STAFF', CHECK_IN, { s: onDay.signUp.signUp.id })).checkIn, { attended: true });
});

test('seed 003: an activity holds its room: a booking over it is refused with what holds it, an activity over a booking is refused, cancelling the activity frees the room', async () => {
  const roomId = id('demo:room:0:reading');
  const day = dayAfter(20);
  const at = (t: string) => atLocal(day, t).toISOString();
  const BOOK = `mutation ($i: BookRoomInput!) { bookRoom(input: $i) { outcome booking { id } clash { date time heldBy message } } }`;
  const book = (title: string, start: string, end: string) =>
    ok('RESIDENT', BOOK, { i: { clientRequestId: key(), roomId, title, date: day, start, end } });

  const classId = await createActivity({ title: '周末绘本课', roomId, startsAt: at('09:00'), endsAt: at('11:00') });
  const over = (await book('自习', '10:00', '10:30')).bookRoom;
  assert.equal(over.outcome, 'TAKEN');
  assert.deepEqual({ ...over.clash, message: undefined }, { date: day, time: '10:00', heldBy: '周末绘本课', message: undefined });
  assert.match(over.clash.message, /^该时段 .* 已被「周末绘本课」占用 \(the room is held at .* by 周末绘本课\)$/);
  const held = await ok(
    'COMMUNITY_STAFF',
    `query ($c: ID!, $d: LocalDate!) { rooms(communityId: $c) { id bookings(date: $d) { id start end activity { id } } } }`,
    {
      c: community0,
      d: day,
    },
  );
  const hold = held.rooms.find((r: { id: string }) => r.id === roomId).bookings[0];
  assert.deepEqual({ start: hold.start, end: hold.end, activity: hold.activity.id }, { start: '09:00', end: '11:00', activity: classId });

  assert.equal((await book('合唱排练', '14:00', '15:00')).bookRoom.outcome, 'BOOKED');
  const input = (i: Record<string, unknown>) => ({
    i: { communityId: community0, title: '手工编织', organiser: '巧手编织社', capacity: 8, signupOpensAt: hours(-1), roomId, ...i },
  });
  const clash = await refused(
    'COMMUNITY_STAFF',
    CREATE,
    input({ startsAt: at('14:30'), endsAt: at('15:30') }),
    'BAD_USER_INPUT',
    'input.roomId',
  );
  assert.match(clash.message, /「合唱排练」/);
  await refused(
    'COMMUNITY_STAFF',
    CREATE,
    input({ startsAt: at('20:00'), endsAt: atLocal(dayAfter(21), '01:00').toISOString() }),
    'BAD_USER_INPUT',
    'input.endsAt',
  );
  await refused(
    'COMMUNITY_STAFF',
    `mutation ($id: ID!) { cancelRoomBooking(id: $id) { status } }`,
    { id: hold.id },
    'BAD_USER_INPUT',
    'id',
  );

  await ok('COMMUNITY_STAFF', `mutation ($id: ID!) { cancelActivity(id: $id, reason: "老师生病") { status } }`, { id: classId });
  assert.equal((await book('自习', '10:00', '10:30')).bookRoom.outcome, 'BOOKED', 'the cancelled class no longer holds the room');
});

test('seed 003 (item 10): a wrong availability is named in Chinese first (工作日白天、工作日晚上、周末), the English beside', async () => {
  const list = await call('GRID_WORKER', `{ volunteers(availability: "SOMETIMES") { totalCount } }`);
  assert.equal(list.errors?.[0]?.extensions?.field, 'availability');
  assert.equal(
    list.errors![0]!.message,
    'availability: 须为 工作日白天、工作日晚上、周末 之一 (one of WEEKDAY_DAYTIME | WEEKDAY_EVENING | WEEKEND)',
  );
  const e = await refused(
    'COMMUNITY_STAFF',
    `mutation ($i: RegisterVolunteerInput!) { registerVolunteer(input: $i) { id } }`,
    { i: { communityId: community0, outsiderName: '赵志愿', outsiderPhone: '13800001111', skills: ['理发'], availability: ['ANYTIME'] } },
    'BAD_USER_INPUT',
    'input.availability[0]',
  );
  assert.match(e.message, /^input\.availability\[0\]: 须为 工作日白天、工作日晚上、周末 之一/);
});

// ——— seed 002: the love card of 湖西 at all 17 members of the 爱心餐厅联盟 ———

const REDEEM = `mutation ($i: RedeemMealCardInput!) { redeemMealCard(input: $i) { outcome redemption { id paidPriceCents } } }`;
const redeem = async (canteen: Who, cardNo: string, listPriceCents = 1600) =>
  (await ok(canteen, REDEEM, { i: { clientRequestId: key(), cardNo, listPriceCents } })).redeemMealCard as {
    outcome: string;
    redemption: { id: string; paidPriceCents: number } | null;
  };
const REGISTER_CANTEEN = `mutation ($i: RegisterCanteenInput!) { registerCanteen(input: $i) { id } }`;
const SETTLEMENT = `query ($m: String!) { streetCanteenSettlement(month: $m) { street month meals listTotalCents paidTotalCents subsidyOwedCents
  canteens { canteen { id name } meals listTotalCents paidTotalCents subsidyOwedCents }
  alliances { alliance { id name } canteens meals listTotalCents paidTotalCents subsidyOwedCents } } }`;
const alliance = id('demo:alliance:elder-canteen');

test('seed 002: the card of 湖西 works at all 17 members of the 爱心餐厅联盟, each settling its own share; the street settles per canteen and per alliance', async () => {
  // 15 more restaurants join the two demo canteens: some in 凤凰山 serving only 凤凰山's residents.
  const joined: string[] = [];
  for (let i = 0; i < 15; i++) {
    const c = i < 8 ? community0 : community1;
    const i2 = {
      communityId: c,
      name: `爱心餐厅${i + 3}号店`,
      contactName: '孙师傅',
      contactPhone: `139515100${String(i).padStart(2, '0')}`,
      allianceId: alliance,
    };
    joined.push((await ok(i < 8 ? 'COMMUNITY_STAFF' : await otherStaff(), REGISTER_CANTEEN, { i: i2 })).registerCanteen.id);
  }
  const members = [id('demo:org:canteen-0'), id('demo:org:canteen-1'), ...joined];
  const month = localMonth();
  const before = (await ok('STREET_ADMIN', SETTLEMENT, { m: month })).streetCanteenSettlement;
  // Demo resident 9's card (美湖) at every member, each meal at its own price.
  for (const [i, orgId] of members.entries()) {
    const r = await redeem(await canteenToken(orgId), 'AX-DEMO-0009', 1000 + i * 100);
    assert.equal(r.outcome, 'REDEEMED', `member ${i}`);
    assert.equal(r.redemption!.paidPriceCents, (1000 + i * 100) / 2);
  }
  const s = (await ok('STREET_ADMIN', SETTLEMENT, { m: month })).streetCanteenSettlement;
  assert.deepEqual({ street: s.street, month: s.month }, { street: '东湖街道', month });
  for (const [i, orgId] of members.entries()) {
    const line = s.canteens.find((l: { canteen: { id: string } }) => l.canteen.id === orgId);
    const was = before.canteens.find((l: { canteen: { id: string } }) => l.canteen.id === orgId) ?? { meals: 0, listTotalCents: 0 };
    assert.deepEqual(
      { meals: line.meals - was.meals, list: line.listTotalCents - was.listTotalCents },
      { meals: 1, list: 1000 + i * 100 },
      `member ${i} settles its own meal`,
    );
    assert.equal(line.subsidyOwedCents, line.listTotalCents - line.paidTotalCents);
  }
  const own = (
    await ok(await canteenToken(joined[0]!), `query ($m: String!) { canteenMonth(month: $m) { canteenId meals listTotalCents } }`, {
      m: month,
    })
  ).canteenMonth;
  assert.deepEqual(own, { canteenId: joined[0], meals: 1, listTotalCents: 1200 }, "a canteen's month is its own share");
  const line = s.alliances.find((a: { alliance: { id: string } }) => a.alliance.id === alliance);
  assert.equal(line.canteens, 17);
  const sum = (rows: { meals: number; listTotalCents: number; subsidyOwedCents: number }[]) => ({
    meals: rows.reduce((t, r) => t + r.meals, 0),
    list: rows.reduce((t, r) => t + r.listTotalCents, 0),
    subsidy: rows.reduce((t, r) => t + r.subsidyOwedCents, 0),
  });
  const memberLines = s.canteens.filter((l: { canteen: { id: string } }) => members.includes(l.canteen.id));
  assert.deepEqual({ meals: line.meals, list: line.listTotalCents, subsidy: line.subsidyOwedCents }, sum(memberLines));
  assert.deepEqual({ meals: s.meals, list: s.listTotalCents, subsidy: s.subsidyOwedCents }, sum(s.canteens));

  await refused('COMMUNITY_STAFF', SETTLEMENT, { m: month }, 'FORBIDDEN');
  await refused('STREET_ADMIN', SETTLEMENT, { m: '2026-13' }, 'BAD_USER_INPUT', 'month');

  // The workbook: a sheet per canteen, a sheet per alliance.
  const url = `${stack.gatewayUrl.replace('/graphql', '')}/exports/volunteers/canteens/street-settlement.xlsx?month=${month}`;
  const res = await fetch(url, { headers: as(stack, 'STREET_ADMIN') });
  assert.equal(res.status, 200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  const rows = (i: number) => book.worksheets[i]!.getSheetValues().slice(1) as unknown[][];
  assert.equal(rows(0)[1]![1], '餐厅');
  assert.equal(rows(0).slice(2, -1).length, s.canteens.length);
  assert.deepEqual(rows(0).at(-1)!.slice(1, 3), ['合计', s.meals]);
  const allianceRow = rows(1).find((r) => r[1] === '爱心餐厅联盟')!;
  assert.deepEqual(allianceRow.slice(2, 5), [17, line.meals, line.listTotalCents / 100]);
  assert.equal((await fetch(url, { headers: as(stack, 'PARTNER') })).status, 403);
});

test("seed 002: the card's alliance decides, not the canteen's list: a canteen of another alliance refuses 美湖's card although it lists 美湖", async () => {
  const other = (
    await ok('STREET_ADMIN', `mutation ($i: CreateAllianceInput!) { createAlliance(input: $i) { id } }`, {
      i: { name: '凤凰山助餐联盟', kind: 'ELDER_CANTEEN', communityIds: [community1], memberOrgIds: [] },
    })
  ).createAlliance.id;
  const canteen = (
    await ok(await bothStaff(), REGISTER_CANTEEN, {
      i: {
        communityId: community1,
        name: '凤凰山老年食堂',
        contactName: '钱阿姨',
        contactPhone: '13951520000',
        servedCommunityIds: [community0, community1],
        allianceId: other,
      },
    })
  ).registerCanteen.id;
  const before = await written();
  assert.deepEqual(await redeem(await canteenToken(canteen), 'AX-DEMO-0010'), { outcome: 'FOREIGN', redemption: null });
  assert.deepEqual(await written(), before, 'a refused card writes no meal');
});

test('seed 002: a card suspended (the holder in hospital) and resumed; replaced when lost: a new number, the old one refused, validity and share carried over', async () => {
  const CARD = `query ($r: ID!) { resident(id: $r) { mealCard { id cardNo status suspendedReason formerCardNos validUntil payShare } } }`;
  const card = (await ok('COMMUNITY_STAFF', CARD, { r: resident(13) })).resident.mealCard;
  assert.equal(card.cardNo, 'AX-DEMO-0013');
  const SUSPEND = `mutation ($c: ID!, $r: String!) { suspendMealCard(cardId: $c, reason: $r) { status suspendedReason } }`;
  const RESUME = `mutation ($c: ID!, $r: String!) { resumeMealCard(cardId: $c, reason: $r) { status suspendedReason } }`;
  const changes0 = (await written()).changes;
  for (let i = 0; i < 2; i++)
    assert.deepEqual((await ok('COMMUNITY_STAFF', SUSPEND, { c: card.id, r: '住院期间暂停' })).suspendMealCard, {
      status: 'SUSPENDED',
      suspendedReason: '住院期间暂停',
    });
  assert.equal((await written()).changes, changes0 + 1, 'a retried suspension is recorded once');
  assert.equal((await redeem('PARTNER', 'AX-DEMO-0013')).outcome, 'SUSPENDED');
  assert.deepEqual((await ok('COMMUNITY_STAFF', RESUME, { c: card.id, r: '已出院' })).resumeMealCard, {
    status: 'ACTIVE',
    suspendedReason: null,
  });
  assert.equal((await redeem('PARTNER', 'AX-DEMO-0013')).outcome, 'REDEEMED');

  const REPLACE = `mutation ($i: ReplaceMealCardInput!) { replaceMealCard(input: $i) { id cardNo status formerCardNos validUntil payShare } }`;
  const i = { clientRequestId: key(), cardId: card.id, reason: '卡片遗失' };
  const replaced = (await ok('COMMUNITY_STAFF', REPLACE, { i })).replaceMealCard;
  const { suspendedReason: _, ...kept } = card;
  // The new number is not the old one with a suffix anyone could guess.
  assert.match(replaced.cardNo, /^AX-DEMO-0013-R1-[0-9A-F]{8}$/);
  assert.deepEqual(replaced, { ...kept, cardNo: replaced.cardNo, formerCardNos: ['AX-DEMO-0013'], status: 'ACTIVE' });
  assert.equal((await ok('COMMUNITY_STAFF', REPLACE, { i })).replaceMealCard.cardNo, replaced.cardNo, 'a retry replaces once');
  assert.deepEqual(await redeem('PARTNER', 'AX-DEMO-0013'), { outcome: 'REPLACED', redemption: null });
  assert.equal((await redeem('PARTNER', 'AX-DEMO-0013-R1')).outcome, 'UNKNOWN_CARD', 'the guessable number is no card');
  const meal = await redeem('PARTNER', replaced.cardNo, 2000);
  assert.deepEqual({ outcome: meal.outcome, paid: meal.redemption!.paidPriceCents }, { outcome: 'REDEEMED', paid: 1000 });

  await refused(await otherStaff(), SUSPEND, { c: card.id, r: '去世' }, 'NOT_FOUND');
  await refused('COMMUNITY_STAFF', SUSPEND, { c: card.id, r: '' }, 'BAD_USER_INPUT', 'reason');
  await refused('COMMUNITY_STAFF', SUSPEND, { c: 'zz', r: '去世' }, 'BAD_USER_INPUT', 'cardId');
  await refused('COMMUNITY_STAFF', REPLACE, { i: { ...i, clientRequestId: 'short' } }, 'BAD_USER_INPUT', 'input.clientRequestId');
  await refused('PARTNER', SUSPEND, { c: card.id, r: '去世' }, 'FORBIDDEN');
});

test('seed 002: love cards issued in bulk to every eligible resident of 美湖, a page at a time with counts; a retry issues nothing twice', async (t) => {
  const ISSUE = `mutation ($i: IssueMealCardsInput!) { issueMealCards(input: $i) { considered issued alreadyHeld refused { residentId reason } total next } }`;
  const run = async () => {
    const all = { considered: 0, issued: 0, alreadyHeld: 0, refused: 0, total: 0, calls: 0 };
    let after: string | null = null;
    do {
      const r: any = (await ok('COMMUNITY_STAFF', ISSUE, { i: { communityId: community0, validUntil: '2028-12-31', first: 50, after } }))
        .issueMealCards;
      Object.assign(all, {
        considered: all.considered + r.considered,
        issued: all.issued + r.issued,
        alreadyHeld: all.alreadyHeld + r.alreadyHeld,
        refused: all.refused + r.refused.length,
        total: r.total,
        calls: all.calls + 1,
      });
      after = r.next;
    } while (after && all.calls < 200);
    return all;
  };
  const cards0 = (await written()).cards;
  const started = Date.now();
  const first = await run();
  t.diagnostic(`first pass: ${JSON.stringify(first)} in ${Date.now() - started} ms`);
  assert.ok(first.issued > 0, JSON.stringify(first));
  assert.equal(first.considered, first.total, 'every eligible resident read once');
  assert.equal(first.issued + first.alreadyHeld + first.refused, first.considered);
  assert.equal((await written()).cards, cards0 + first.issued);
  const retried = Date.now();
  const again = await run();
  t.diagnostic(`retry: ${JSON.stringify(again)} in ${Date.now() - retried} ms`);
  assert.deepEqual(
    { issued: again.issued, alreadyHeld: again.alreadyHeld },
    { issued: 0, alreadyHeld: first.issued + first.alreadyHeld },
    'a retry issues nothing twice',
  );

  const young = (await ok('COMMUNITY_STAFF', `{ residents(first: 1, filter: { elderTier: AGE_60 }) { nodes { id } } }`)).residents.nodes[0]
    .id;
  const unknown = id('demo:resident:no-such');
  const list = (await ok('COMMUNITY_STAFF', ISSUE, { i: { residentIds: [resident(9), young, unknown], validUntil: '2028-12-31' } }))
    .issueMealCards;
  assert.deepEqual(
    { considered: list.considered, issued: list.issued, alreadyHeld: list.alreadyHeld, total: list.total, next: list.next },
    {
      considered: 3,
      issued: 0,
      alreadyHeld: 1,
      total: null,
      next: null,
    },
  );
  assert.deepEqual(
    list.refused.map((r: { residentId: string }) => r.residentId),
    [young, unknown],
  );
  assert.match(list.refused[0].reason, /70/);
  assert.match(list.refused[1].reason, /不存在/);

  const bad = (i: Record<string, unknown>) => ({ i: { validUntil: '2028-12-31', ...i } });
  await refused(
    'COMMUNITY_STAFF',
    ISSUE,
    bad({ communityId: community0, residentIds: [resident(9)] }),
    'BAD_USER_INPUT',
    'input.residentIds',
  );
  await refused('COMMUNITY_STAFF', ISSUE, bad({}), 'BAD_USER_INPUT', 'input.residentIds');
  await refused('COMMUNITY_STAFF', ISSUE, bad({ communityId: community1 }), 'BAD_USER_INPUT', 'input.communityId');
  await refused('COMMUNITY_STAFF', ISSUE, bad({ communityId: community0, validUntil: '2020-01-01' }), 'BAD_USER_INPUT', 'input.validUntil');
  await refused('COMMUNITY_STAFF', ISSUE, bad({ communityId: community0, after: 'garbage' }), 'BAD_USER_INPUT', 'input.after');
  await refused('COMMUNITY_STAFF', ISSUE, bad({ communityId: community0, first: 500 }), 'BAD_USER_INPUT', 'input.first');
  await refused('COMMUNITY_STAFF', ISSUE, bad({ residentIds: ['zz'] }), 'BAD_USER_INPUT', 'input.residentIds[0]');
  await refused('GRID_WORKER', ISSUE, bad({ communityId: community0 }), 'FORBIDDEN');
});
