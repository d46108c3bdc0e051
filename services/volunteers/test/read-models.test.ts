import {
  createLogger,
  createRedis,
  localDate,
  localDayRange,
  localMonth,
  readModelSpace,
  stableObjectId,
  type EngineKind,
  type Viewer,
} from '@jwh/platform';
import { allPages, equalityOnly, identityHeaders, gql, readsAs, readsDuring, realEngine, subgraphUnderTest } from '@jwh/testkit';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Connection } from 'mongoose';
import { startVolunteers } from '../src/app.js';
import { loadEnvironment } from '../src/environment.js';
import { activityCountsLoader, recountActivity } from '../src/services/activity-counts.js';
import { canteenMonthId, recountCanteenMonth } from '../src/services/canteen-month.js';
import { buildLeaderboards, leaderboardId } from '../src/services/leaderboard-tally.js';

// These tests read no resident, so people-grids is not running.
const t = subgraphUnderTest(loadEnvironment, startVolunteers, { PEOPLE_GRIDS_URL: 'http://127.0.0.1:9/graphql' });
let redis: ReturnType<typeof createRedis> | null = null;
after(async () => redis?.quit());
const deps = async () => {
  redis ??= createRedis(t.env.REDIS_URL, 'client', createLogger('test', 'warn'));
  if (redis.status !== 'ready') await new Promise((resolve) => redis!.once('ready', resolve));
  return { models: t.sg.models, redis, queuePrefix: t.env.QUEUE_PREFIX };
};

const community0 = String(stableObjectId('demo:community:0'));
const canteen0 = String(stableObjectId('demo:org:canteen-0'));
const as = (viewer: Partial<Viewer> & Pick<Viewer, 'role'>) => identityHeaders(viewer, t.env);
const asStaff = () => as({ role: 'COMMUNITY_STAFF', communityIds: [community0] });
const asResident = (n: number) =>
  as({
    role: 'RESIDENT',
    sub: `reads-resident-${n}`,
    residentId: String(stableObjectId(`reads:resident:${n}`)),
    communityIds: [community0],
  });
const asCanteen = () => as({ role: 'PARTNER', sub: 'reads-canteen', orgId: canteen0, orgKind: 'ELDER_CANTEEN' });
let n = 0;
const key = () => `reads-${process.pid}-${Date.now()}-${n++}`;

async function ok(query: string, variables: Record<string, unknown> | undefined, headers: Record<string, string>) {
  const { body } = await gql(t.sg.url, query, variables, headers);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data as Record<string, any>;
}

/** The filters of the reads (find, aggregate) this connection sends to one collection while `fn` runs. */
const readsOf = async (conn: Connection, collection: string, fn: () => Promise<unknown>) =>
  (await readsDuring(conn, fn)).filter((r) => r.collection === collection && r.command !== 'count').map((r) => r.filter);

let engineSeen: Promise<EngineKind> | null = null;
/** The real engine, asked once (root-level `before` hooks run concurrently, so not in one). */
const realEngineOnce = () => (engineSeen ??= realEngine(t.sg.conn, 'volunteers'));

async function newActivity(capacity: number) {
  const hour = 3_600_000;
  const a = await t.sg.models.Activity.create({
    communityId: community0,
    title: '读写模型测试',
    organiser: '测试',
    // Later today: a check-in is accepted on the activity's day only (Asia/Shanghai).
    startsAt: new Date(Math.min(Date.now() + 20 * 60_000, localDayRange(localDate()).end.getTime() - 30_000)),
    signupOpensAt: new Date(Date.now() - hour),
    capacity,
  });
  return String(a._id);
}

/** The counts as the sign-ups say (what the read model must equal). */
async function live(activityId: string) {
  const rows = await t.sg.models.SignUp.find({ activityId }).lean().exec();
  const confirmed = rows.filter((s) => s.status === 'CONFIRMED');
  return {
    confirmed: confirmed.length,
    waitlisted: rows.filter((s) => s.status === 'WAITLISTED').length,
    attended: confirmed.filter((s) => s.attended).length,
  };
}
const COUNTS = `query ($a: ID!) { activity(id: $a) { confirmed waitlisted attended } }`;
const counts = async (activityId: string) => (await ok(COUNTS, { a: activityId }, await asStaff())).activity;
const signUp = async (activityId: string, resident: number) =>
  (
    await ok(
      `mutation ($i: SignUpInput!) { signUp(input: $i) { outcome signUp { id status } } }`,
      { i: { clientRequestId: key(), activityId } },
      await asResident(resident),
    )
  ).signUp;

test('activity counts stay right after every write that changes a sign-up, and are read from the activity while nothing changes', async () => {
  const activityId = await newActivity(3);
  assert.deepEqual(await counts(activityId), { confirmed: 0, waitlisted: 0, attended: 0 });
  const signUps = [];
  for (let r = 0; r < 5; r++) signUps.push(await signUp(activityId, r));
  assert.deepEqual(await counts(activityId), { confirmed: 3, waitlisted: 2, attended: 0 });
  assert.deepEqual(await counts(activityId), await live(activityId));
  // Nothing changed since: the counts come with the activity, no sign-up is read.
  const reads = await readsOf(t.sg.conn, 'signups', () => counts(activityId));
  assert.deepEqual(reads, []);
  // A confirmed resident cancels: the first waiting is promoted.
  const leaver = signUps.findIndex((s) => s.outcome === 'CONFIRMED');
  await ok(`mutation ($id: ID!) { cancelSignUp(id: $id) { status } }`, { id: signUps[leaver]!.signUp.id }, await asResident(leaver));
  assert.deepEqual(await counts(activityId), { confirmed: 3, waitlisted: 1, attended: 0 });
  // A check-in.
  const present = (await t.sg.models.SignUp.findOne({ activityId, status: 'CONFIRMED' }).lean().exec())!;
  await ok(`mutation ($s: ID!) { checkIn(signUpId: $s) { attended } }`, { s: String(present._id) }, await asStaff());
  assert.deepEqual(await counts(activityId), { confirmed: 3, waitlisted: 1, attended: 1 });
  // A waiting resident cancels.
  const waiting = (await t.sg.models.SignUp.findOne({ activityId, status: 'WAITLISTED' }).lean().exec())!;
  const w = signUps.findIndex((s) => s.signUp.id === String(waiting._id));
  await ok(`mutation ($id: ID!) { cancelSignUp(id: $id) { status } }`, { id: String(waiting._id) }, await asResident(w));
  assert.deepEqual(await counts(activityId), { confirmed: 3, waitlisted: 0, attended: 1 });
  assert.deepEqual(await counts(activityId), await live(activityId));
  // The community's list shows the same.
  const list = (await ok(`query ($c: ID!) { activities(communityId: $c) { id confirmed waitlisted } }`, { c: community0 }, await asStaff()))
    .activities;
  assert.deepEqual(
    list.find((a: { id: string }) => a.id === activityId),
    { id: activityId, confirmed: 3, waitlisted: 0 },
  );
});

test('a burst of sign-ups: the counts read after it are exact', async () => {
  const activityId = await newActivity(5);
  await Promise.all(Array.from({ length: 24 }, (_, i) => signUp(activityId, 100 + i)));
  assert.deepEqual(await counts(activityId), { confirmed: 5, waitlisted: 19, attended: 0 });
  assert.deepEqual(await counts(activityId), await live(activityId));
});

test('activity counts: a writer that died before announcing its change is repaired from its intent; a recount restores drift', async () => {
  const d = await deps();
  const activityId = await newActivity(2);
  for (let r = 0; r < 4; r++) await signUp(activityId, 200 + r);
  assert.deepEqual(await counts(activityId), { confirmed: 2, waitlisted: 2, attended: 0 });
  // A writer changed a sign-up and died before bumping the change number: its intent is left, a minute old.
  const member = `activity:${activityId}|died`;
  await d.redis.zadd(`${readModelSpace(d)}:read-model-intents`, Date.now() - 120_000, member);
  await t.sg.models.SignUp.updateOne(
    { activityId, status: 'WAITLISTED' },
    { $set: { status: 'CANCELLED', activeKey: `cancelled:${key()}` } },
  ).exec();
  assert.deepEqual(
    await counts(activityId),
    { confirmed: 2, waitlisted: 1, attended: 0 },
    'the next reader settles the intent and counts again',
  );
  assert.equal(await d.redis.zscore(`${readModelSpace(d)}:read-model-intents`, member), null);
  // Drift however it came (stored counts wrong under the current stamp): the recount restores them.
  await t.sg.models.Activity.updateOne({ _id: activityId }, { $set: { confirmedCount: 40, waitlistedCount: 7 } }).exec();
  assert.deepEqual(
    await counts(activityId),
    { confirmed: 40, waitlisted: 7, attended: 0 },
    'the read model is trusted while its stamp is current',
  );
  assert.deepEqual(await recountActivity(d, activityId), { confirmed: 2, waitlisted: 1, attended: 0 });
  assert.deepEqual(await counts(activityId), { confirmed: 2, waitlisted: 1, attended: 0 });
  // An activity from before the read model (no stamp) is counted when first read.
  await t.sg.models.Activity.updateOne(
    { _id: activityId },
    { $unset: { countsStamp: 1, confirmedCount: 1, waitlistedCount: 1, attendedCount: 1 } },
  ).exec();
  assert.deepEqual(await counts(activityId), { confirmed: 2, waitlisted: 1, attended: 0 });
});

const month = () => localMonth();
const MONTH = `query ($m: String!) { canteenMonth(month: $m) { canteenId month meals listTotalCents paidTotalCents subsidyOwedCents redemptions { paidPriceCents } } }`;
const TOTALS = `query ($m: String!) { canteenMonth(month: $m) { meals listTotalCents paidTotalCents subsidyOwedCents } }`;
const redeem = async (clientRequestId: string, listPriceCents: number) =>
  (
    await ok(
      `mutation ($i: RedeemMealCardInput!) { redeemMealCard(input: $i) { outcome redemption { listPriceCents paidPriceCents } } }`,
      { i: { clientRequestId, cardNo: 'AX-DEMO-0009', listPriceCents } },
      await asCanteen(),
    )
  ).redeemMealCard;

/** A canteen's month as its meals say. */
async function liveMonth(m: string) {
  const rows = await t.sg.models.MealRedemption.find({ canteenOrgId: canteen0, month: m }).lean().exec();
  const list = rows.reduce((s, r) => s + r.listPriceCents, 0);
  const paid = rows.reduce((s, r) => s + r.paidPriceCents, 0);
  return { meals: rows.length, listTotalCents: list, paidTotalCents: paid, subsidyOwedCents: list - paid };
}

test("a canteen's month is kept with each meal, read by id; a retried scan counts once; concurrent meals all count", async () => {
  const m = month();
  const before = (await ok(TOTALS, { m }, await asCanteen())).canteenMonth;
  const first = key();
  assert.equal((await redeem(first, 1800)).outcome, 'REDEEMED');
  assert.equal((await redeem(first, 1800)).outcome, 'REDEEMED', 'a retried scan');
  await Promise.all(Array.from({ length: 8 }, (_, i) => redeem(key(), 1000 + i * 100)));
  const totals = (await ok(TOTALS, { m }, await asCanteen())).canteenMonth;
  assert.equal(totals.meals, before.meals + 9);
  assert.deepEqual(totals, await liveMonth(m));
  // The totals alone are one read by id: no meal is read.
  const quiet = await readsOf(t.sg.conn, 'mealredemptions', async () => ok(TOTALS, { m }, await asCanteen()));
  assert.deepEqual(quiet, []);
  const withMeals = (await ok(MONTH, { m }, await asCanteen())).canteenMonth;
  assert.equal(withMeals.redemptions.length, totals.meals);
  assert.equal(
    withMeals.redemptions.reduce((s: number, r: { paidPriceCents: number }) => s + r.paidPriceCents, 0),
    totals.paidTotalCents,
  );
});

test("a canteen's month: a writer that died after its meal is repaired from its intent; a month from before the read model is counted when first read; a recount restores drift", async () => {
  const d = await deps();
  const m = month();
  await redeem(key(), 2000);
  // A meal written, its writer died before adding it: the intent is left, a minute old.
  await t.sg.models.MealRedemption.create({
    clientRequestId: key(),
    createdBy: 'died',
    cardId: (await t.sg.models.MealCard.findOne({ cardNo: 'AX-DEMO-0009' }).lean().exec())!._id,
    residentId: stableObjectId('demo:resident:9'),
    canteenOrgId: canteen0,
    at: new Date(),
    month: m,
    listPriceCents: 1500,
    paidPriceCents: 750,
  });
  await d.redis.zadd(`${readModelSpace(d)}:read-model-intents`, Date.now() - 120_000, `canteen:${canteen0}:${m}|died`);
  assert.deepEqual((await ok(TOTALS, { m }, await asCanteen())).canteenMonth, await liveMonth(m));
  // Meals from before the read model: no month document yet.
  await t.sg.models.CanteenMonth.deleteOne({ _id: canteenMonthId(canteen0, m) }).exec();
  assert.deepEqual((await ok(TOTALS, { m }, await asCanteen())).canteenMonth, await liveMonth(m));
  // Drift however it came: the recount restores it.
  await t.sg.models.CanteenMonth.updateOne({ _id: canteenMonthId(canteen0, m) }, { $inc: { meals: 5, paidTotalCents: 1 } }).exec();
  const right = await liveMonth(m);
  assert.deepEqual(await recountCanteenMonth(d, canteen0, m), {
    meals: right.meals,
    listTotalCents: right.listTotalCents,
    paidTotalCents: right.paidTotalCents,
  });
  assert.deepEqual((await ok(TOTALS, { m }, await asCanteen())).canteenMonth, right);
  // Staff read a named canteen's month the same way.
  const staff = (
    await ok(`query ($m: String!, $c: ID) { canteenMonth(month: $m, canteenId: $c) { meals } }`, { m, c: canteen0 }, await asStaff())
  ).canteenMonth;
  assert.equal(staff.meals, right.meals);
});

test('volunteers pages: one equality read per community (with the skill), same pages and total as one query', async () => {
  const conn = t.sg.conn;
  const LIST = `query ($first: Int, $after: String, $skill: String, $availability: String) {
    volunteers(first: $first, after: $after, skill: $skill, availability: $availability) { totalCount pageInfo { hasNextPage endCursor } nodes { id skills availability } } }`;
  const admin = () => as({ role: 'STREET_ADMIN', communityIds: [community0, String(stableObjectId('demo:community:1'))] });
  for (const vars of [{ first: 7 }, { first: 50, skill: '理发' }, { first: 3, availability: 'WEEKEND' }] as Record<string, unknown>[]) {
    const engine = await realEngineOnce();
    const pages = () => allPages(async (after) => (await ok(LIST, { ...vars, after }, await admin())).volunteers, 50);
    const split = await readsAs(conn, 'ferretdb-postgresql', engine, pages);
    const shapes = split.reads.filter((r) => r.collection === 'volunteers' && r.command !== 'count').map((r) => r.filter);
    assert.ok(shapes.every(equalityOnly), JSON.stringify(shapes));
    const whole = await readsAs(conn, 'mongodb', engine, pages);
    assert.deepEqual(split.out, whole.out, JSON.stringify(vars));
  }
});

test('without Redis the counts are still answered: counted from the sign-ups, not stored', async () => {
  const activityId = await newActivity(2);
  for (let r = 0; r < 3; r++) await signUp(activityId, 300 + r);
  const down = createRedis(t.env.REDIS_URL, 'client', createLogger('test', 'silent'));
  if (down.status !== 'ready') await new Promise((resolve) => down.once('ready', resolve));
  await down.quit();
  const activity = (await t.sg.models.Activity.findById(activityId).lean().exec())!;
  const loader = activityCountsLoader({ models: t.sg.models, redis: down, queuePrefix: t.env.QUEUE_PREFIX });
  assert.deepEqual(await loader.load(activity), { confirmed: 2, waitlisted: 1, attended: 0 });
});

// ——— the points leaderboards (services/leaderboard-tally.ts) ———

const volunteer = (n: number) => String(stableObjectId(`demo:volunteer:${n}`));
/** A query of the leaderboards as community staff. */
const staffOk = async (query: string, variables: Record<string, unknown>) => ok(query, variables, await asStaff());
const BOARD = `query ($c: ID!, $p: LeaderboardPeriod!) { pointsLeaderboard(communityId: $c, period: $p, first: 50) { rank points hours activitiesAttended volunteer { id } } }`;
const board = async (period: 'MONTH' | 'YEAR' | 'ALL') => (await staffOk(BOARD, { c: community0, p: period })).pointsLeaderboard;
const confirm = (v: string, hours: number, idempotencyKey = key()) =>
  staffOk(`mutation ($i: ConfirmHoursInput!) { confirmHours(input: $i) { delta } }`, { i: { idempotencyKey, volunteerId: v, hours } });

/** The boards as built from scratch from the ledger and check-ins (the stored ones dropped first). */
async function rebuilt() {
  await t.sg.models.Leaderboard.deleteMany({ communityId: community0 }).exec();
  await buildLeaderboards(await deps());
  return { MONTH: await board('MONTH'), YEAR: await board('YEAR'), ALL: await board('ALL') };
}

test('points leaderboards: a board is one read by id; a confirmation costs a bounded number of commands, its new reads equalities', async (c) => {
  const places = `query ($c: ID!) { pointsLeaderboard(communityId: $c, period: MONTH) { rank points hours activitiesAttended isViewer resident { id } } }`;
  assert.equal((await staffOk(places, { c: community0 })).pointsLeaderboard.length, 10);
  const reads = await readsDuring(t.sg.conn, () => staffOk(places, { c: community0 }));
  assert.deepEqual(
    reads.map((r) => ({ collection: r.collection, filter: Object.keys(r.filter) })),
    [{ collection: 'leaderboards', filter: ['_id'] }],
  );
  const commands: { name: string; collection: string; filter: Record<string, unknown> }[] = [];
  const on = (e: { commandName: string; command: Record<string, any> }) =>
    commands.push({ name: e.commandName, collection: String(e.command[e.commandName]), filter: e.command.filter ?? e.command.q ?? {} });
  t.sg.conn.getClient().on('commandStarted', on);
  try {
    await confirm(volunteer(3), 2);
  } finally {
    t.sg.conn.getClient().off('commandStarted', on);
  }
  c.diagnostic(`confirmHours: ${commands.length} database commands (${commands.map((x) => `${x.name} ${x.collection}`).join(', ')})`);
  assert.ok(commands.length <= 14, `${commands.length} commands`);
  // What the leaderboard adds: the volunteer's ledger and check-ins, each board by id, all equalities.
  const added = commands.filter((x) => x.name === 'find' && ['pointsentries', 'signups', 'leaderboards'].includes(x.collection));
  assert.ok(added.length >= 5);
  assert.ok(
    added.every((x) => equalityOnly(x.filter)),
    JSON.stringify(added),
  );
});

test('points leaderboards: concurrent confirmations of many volunteers and retries: every board equals the one built from scratch from the ledger', async () => {
  const retried = key();
  await Promise.all([
    ...Array.from({ length: 12 }, (_, i) => confirm(volunteer(3 * (i + 10)), 1 + (i % 4))),
    confirm(volunteer(6), 3, retried),
    confirm(volunteer(6), 3, retried),
    confirm(volunteer(9), 1),
    confirm(volunteer(9), 2),
  ]);
  const kept = { MONTH: await board('MONTH'), YEAR: await board('YEAR'), ALL: await board('ALL') };
  assert.ok(kept.MONTH.length > 12);
  assert.deepEqual(await rebuilt(), kept);
});

test('points leaderboards: a writer that died after its ledger entry is repaired by the next read from its intent', async () => {
  const d = await deps();
  const v = volunteer(12);
  const before = (await board('MONTH')).find((p: { volunteer: { id: string } }) => p.volunteer.id === v)?.points ?? 0;
  const last = (await t.sg.models.PointsEntry.find({ volunteerId: v }).sort({ at: -1 }).limit(1).lean().exec())[0];
  // The entry is written, the boards never heard of it; the intent is left, a minute old.
  await t.sg.models.PointsEntry.create({
    idempotencyKey: `hours:${key()}`,
    volunteerId: v,
    delta: 40,
    hours: 4,
    reason: '服务 4 小时',
    balanceAfter: (last?.balanceAfter ?? 0) + 40,
    at: new Date(),
  });
  await d.redis.zadd(`${readModelSpace(d)}:read-model-intents`, Date.now() - 120_000, `leaderboard:${v}|died`);
  const after = (await board('MONTH')).find((p: { volunteer: { id: string } }) => p.volunteer.id === v);
  assert.equal(after?.points, before + 40);
  assert.equal(await d.redis.zscore(`${readModelSpace(d)}:read-model-intents`, `leaderboard:${v}|died`), null);
  const stored = await t.sg.models.Leaderboard.findById(leaderboardId(community0, localMonth())).lean().exec();
  assert.ok(stored!.rows.length <= 50);
});
