// The volunteers' points leaderboard (issue 17, seed 002 时间银行): a community's board of a month,
// a year or all time, kept with every write that earns, equals what the graph's own ledger and
// check-ins say; spending and refunds move no one; bad input is refused naming its field; staff of
// another community see nothing, a resident sees the ranking but no one's name but its own.
import { localDate, localDayRange, localMonth } from '@jwh/platform';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stackClient, stackForTests } from './harness.js';
import { demoId as id, expectRefusal } from '@jwh/testkit';

const stack = stackForTests();
const community0 = id('demo:community:0');
const community1 = id('demo:community:1');
const resident = (n: number) => id(`demo:resident:${n}`);
const volunteer = (n: number) => id(`demo:volunteer:${n}`);

const { token, call, ok } = stackClient(stack);
const otherStaff = () => token('other-secretary', { role: 'COMMUNITY_STAFF', community_ids: [community1] });
const otherResident = () =>
  token('other-resident', { role: 'RESIDENT', resident_id: id('demo:resident:elsewhere'), community_ids: [community1] });

type Period = 'MONTH' | 'YEAR' | 'ALL';
interface Place {
  rank: number;
  points: number;
  hours: number;
  activitiesAttended: number;
  isViewer: boolean;
  volunteer: { id: string } | null;
  resident: { id: string; name: string } | null;
}
// Variables named as the arguments: a variable the gateway refuses is named as its field.
const BOARD = `query ($communityId: ID!, $period: LeaderboardPeriod!, $first: Int, $at: LocalDate) {
  pointsLeaderboard(communityId: $communityId, period: $period, first: $first, at: $at) {
    rank points hours activitiesAttended isViewer volunteer { id } resident { id name }
  }
}`;
async function board(who: string, period: Period, at?: string, communityId = community0): Promise<Place[]> {
  return (await ok(who, BOARD, { communityId, period, first: 50, at })).pointsLeaderboard as Place[];
}
/** The figures of a board as staff see them: volunteer, rank, points, hours, activities. */
const figures = (places: Place[]) =>
  places.map((p) => ({ volunteer: p.volunteer?.id, rank: p.rank, points: p.points, hours: p.hours, activities: p.activitiesAttended }));

interface LedgerVolunteer {
  id: string;
  pointsHistory: { kind: string; delta: number; hours: number; at: string }[];
  resident: { signUps: { attended: boolean; activity: { volunteersOnly: boolean; startsAt: string } }[] } | null;
}

/**
 * The board recomputed from what the graph itself answers: every volunteer's ledger (earnings only)
 * and its check-ins at volunteer calls in the period, best first as the schema describes.
 */
async function recomputed(period: Period, at = localDate()) {
  const data = await ok(
    'COMMUNITY_STAFF',
    `{ volunteers(first: 40) { totalCount nodes { id
        pointsHistory(first: 50) { kind delta hours at }
        resident { signUps { attended activity { volunteersOnly startsAt } } } } } }`,
  );
  assert.ok(data.volunteers.totalCount <= 40, 'every volunteer of the community read');
  const inPeriod = (iso: string) => {
    const month = localMonth(new Date(iso));
    return period === 'ALL' || (period === 'MONTH' ? month === at.slice(0, 7) : month.slice(0, 4) === at.slice(0, 4));
  };
  const rows = (data.volunteers.nodes as LedgerVolunteer[])
    .map((v) => {
      const earned = v.pointsHistory.filter((e) => e.kind === 'EARNED' && inPeriod(e.at));
      assert.ok(v.pointsHistory.length < 50, 'the whole ledger read');
      return {
        volunteer: v.id,
        points: earned.reduce((s, e) => s + e.delta, 0),
        hours: earned.reduce((s, e) => s + e.hours, 0),
        activities: (v.resident?.signUps ?? []).filter((s) => s.attended && s.activity.volunteersOnly && inPeriod(s.activity.startsAt))
          .length,
      };
    })
    .filter((r) => r.points > 0 || r.activities > 0)
    .sort((a, b) => b.points - a.points || b.hours - a.hours || b.activities - a.activities || a.volunteer.localeCompare(b.volunteer));
  return rows.map((r) => ({ ...r, rank: rows.filter((o) => o.points > r.points).length + 1 }));
}
const sameFigures = (r: Awaited<ReturnType<typeof recomputed>>) =>
  r.map(({ volunteer: v, rank, points, hours, activities }) => ({ volunteer: v, rank, points, hours, activities }));

let n = 0;
const key = () => `e2e-leaderboard-${Date.now()}-${n++}`;
const CONFIRM = `mutation ($i: ConfirmHoursInput!) { confirmHours(input: $i) { kind delta hours } }`;
const confirmHours = (v: string, hours: number, idempotencyKey = key()) =>
  ok('COMMUNITY_STAFF', CONFIRM, { i: { idempotencyKey, volunteerId: v, hours } });
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const CREATE = `mutation ($i: CreateActivityInput!) { createActivity(input: $i) { id } }`;
const createActivity = async (input: Record<string, unknown>) =>
  (
    await ok('COMMUNITY_STAFF', CREATE, {
      i: { communityId: community0, organiser: '美湖志愿者协会', capacity: 10, signupOpensAt: inHours(-1), ...input },
    })
  ).createActivity.id as string;
const SIGN_UP = `mutation ($i: SignUpInput!) { signUp(input: $i) { outcome signUp { id priority } } }`;

test('the demo boards are not empty and equal their recomputation from the ledger the graph answers (month, year, all time, a past month)', async () => {
  const month = await board('COMMUNITY_STAFF', 'MONTH');
  assert.ok(month.length >= 10, 'the demo has this month’s hours');
  for (const period of ['MONTH', 'YEAR', 'ALL'] as const) {
    assert.deepEqual(figures(await board('COMMUNITY_STAFF', period)), sameFigures(await recomputed(period)), period);
  }
  const past = localDate(new Date(Date.now() - 35 * 86_400_000));
  const pastMonth = await board('COMMUNITY_STAFF', 'MONTH', past);
  assert.ok(pastMonth.length > 0, 'hours five weeks ago');
  assert.deepEqual(figures(pastMonth), sameFigures(await recomputed('MONTH', past)));
  // Ten places without `first`, best first, names unmasked for staff.
  const top = (
    await ok('COMMUNITY_STAFF', `query ($c: ID!) { pointsLeaderboard(communityId: $c, period: ALL) { rank points resident { name } } }`, {
      c: community0,
    })
  ).pointsLeaderboard as { rank: number; points: number; resident: { name: string } }[];
  assert.equal(top.length, 10);
  assert.ok(top.every((p, i) => i === 0 || p.points <= top[i - 1]!.points));
  assert.ok(
    top.every((p) => p.resident && !p.resident.name.includes('*')),
    'staff see names',
  );
});

test('confirmed hours move two volunteers to the top at once; a retry counts nothing twice; the boards equal their recomputation', async () => {
  const before = await board('COMMUNITY_STAFF', 'MONTH');
  const lead = before[0]!.points;
  const mine = (places: Place[], v: string) => places.find((p) => p.volunteer?.id === v);
  const [first, second] = [volunteer(99), volunteer(96)];
  const start = { first: mine(before, first)?.points ?? 0, second: mine(before, second)?.points ?? 0 };
  // Past the leader: 24 hours (240 points) and 12 hours (120 points) more than the demo's month gives anyone.
  assert.ok(lead < 120, 'the demo month leader is below what the test adds');
  const retried = key();
  await confirmHours(first, 24, retried);
  await confirmHours(second, 12);
  const after = await board('COMMUNITY_STAFF', 'MONTH');
  assert.deepEqual(
    after.slice(0, 2).map((p) => ({ v: p.volunteer?.id, rank: p.rank, points: p.points })),
    [
      { v: first, rank: 1, points: start.first + 240 },
      { v: second, rank: 2, points: start.second + 120 },
    ],
  );
  assert.notDeepEqual(figures(after), figures(before), 'the ranking changed');
  await confirmHours(first, 24, retried);
  assert.deepEqual(figures(await board('COMMUNITY_STAFF', 'MONTH')), figures(after), 'a retried confirmation counts nothing twice');
  for (const period of ['MONTH', 'YEAR', 'ALL'] as const) {
    assert.deepEqual(figures(await board('COMMUNITY_STAFF', period)), sameFigures(await recomputed(period)), period);
  }
});

test('spending points on a priority place and their refund move no one; a check-in at a volunteer call counts one activity, once', async () => {
  const me = volunteer(0);
  await confirmHours(me, 3);
  const before = figures(await board('COMMUNITY_STAFF', 'MONTH'));
  const priorityClass = await createActivity({
    title: '周末绘本课(积分优先)',
    startsAt: inHours(72),
    signupOpensAt: inHours(24),
    priorityOpensAt: inHours(-1),
    priorityMinPoints: 5,
    priorityCost: 5,
  });
  const s = await ok('RESIDENT', SIGN_UP, { i: { clientRequestId: key(), activityId: priorityClass } });
  assert.deepEqual({ outcome: s.signUp.outcome, priority: s.signUp.signUp.priority }, { outcome: 'CONFIRMED', priority: true });
  assert.deepEqual(figures(await board('COMMUNITY_STAFF', 'MONTH')), before, 'spending lowers no place');
  const cancelled = await ok('RESIDENT', `mutation ($id: ID!) { cancelSignUp(id: $id) { pointsRefunded } }`, { id: s.signUp.signUp.id });
  assert.equal(cancelled.cancelSignUp.pointsRefunded, 5);
  assert.deepEqual(figures(await board('COMMUNITY_STAFF', 'MONTH')), before, 'a refund raises no place');
  const ledger = (
    await ok('COMMUNITY_STAFF', `query ($r: ID!) { resident(id: $r) { volunteer { pointsHistory(first: 2) { kind delta hours } } } }`, {
      r: resident(0),
    })
  ).resident.volunteer.pointsHistory;
  assert.deepEqual(ledger, [
    { kind: 'REFUNDED', delta: 5, hours: 0 },
    { kind: 'SPENT', delta: -5, hours: 0 },
  ]);
  // The next hour places the volunteer again from its ledger: the spending and refund still count nothing.
  const placeOf = (places: { volunteer?: string; points: number }[]) => places.find((p) => p.volunteer === me)?.points;
  await confirmHours(me, 1);
  const next = figures(await board('COMMUNITY_STAFF', 'MONTH'));
  assert.equal(placeOf(next), placeOf(before)! + 10);
  assert.deepEqual(next, sameFigures(await recomputed('MONTH')));

  // A volunteer call today: volunteer 3 signed up at the door and checked in (twice: one activity).
  const endOfToday = localDayRange(localDate()).end.getTime() - 30_000;
  const call = await createActivity({
    title: '今日清扫楼道',
    volunteersOnly: true,
    startsAt: new Date(Math.min(Date.now() + 20 * 60_000, endOfToday)).toISOString(),
    signupOpensAt: new Date(Date.now() - 60_000).toISOString(),
  });
  const at = await ok('COMMUNITY_STAFF', SIGN_UP, { i: { clientRequestId: key(), activityId: call, residentId: resident(3) } });
  const was = (await board('COMMUNITY_STAFF', 'MONTH')).find((p) => p.volunteer?.id === volunteer(3))?.activitiesAttended ?? 0;
  for (let i = 0; i < 2; i++)
    await ok('COMMUNITY_STAFF', `mutation ($s: ID!) { checkIn(signUpId: $s) { attended } }`, { s: at.signUp.signUp.id });
  const now = await board('COMMUNITY_STAFF', 'MONTH');
  assert.equal(now.find((p) => p.volunteer?.id === volunteer(3))?.activitiesAttended, was + 1);
  assert.deepEqual(figures(now), sameFigures(await recomputed('MONTH')));
});

test('bad input is refused naming its field, Chinese first: first 1–50, the period, the day, the community', async () => {
  const refused = async (variables: Record<string, unknown>, field: string, query = BOARD) => {
    const body = await call('COMMUNITY_STAFF', query, { communityId: community0, period: 'MONTH', ...variables });
    expectRefusal(body, 'BAD_USER_INPUT', field);
    assert.match(body.errors![0]!.message, /[\u4e00-\u9fff]/u, 'Chinese first');
  };
  await refused({ first: 0 }, 'first');
  await refused({ first: 51 }, 'first');
  await refused(
    {},
    'first',
    `query ($communityId: ID!, $period: LeaderboardPeriod!) { pointsLeaderboard(communityId: $communityId, period: $period, first: 51) { rank } }`,
  );
  await refused({ period: 'WEEK' }, 'period');
  await refused({ at: '2026-02-30' }, 'at');
  await refused({ communityId: 'zz' }, 'communityId');
  // The limits themselves are accepted.
  for (const first of [1, 50]) await ok('COMMUNITY_STAFF', BOARD, { communityId: community0, period: 'ALL', first });
});

test('scope: staff of another community see nothing of it; partners and ops are refused; a resident sees the ranking with no name but its own', async () => {
  const staffView = await board('COMMUNITY_STAFF', 'ALL');
  assert.ok(staffView.length > 1);
  assert.deepEqual(await board(await otherStaff(), 'ALL'), [], "community 1's staff: nothing of community 0");
  assert.deepEqual(await board(await otherResident(), 'ALL'), [], "community 1's resident: nothing of community 0");
  assert.deepEqual(figures(await board('STREET_ADMIN', 'ALL')), figures(staffView), 'the street admin sees its communities');
  const worker = await board('GRID_WORKER', 'ALL');
  assert.deepEqual(figures(worker), figures(staffView));
  assert.ok(
    worker.every((p) => p.resident?.name),
    'the grid worker sees its grid’s residents',
  );
  for (const who of ['PARTNER', 'OPS'] as const) {
    expectRefusal(await call(who, BOARD, { communityId: community0, period: 'ALL' }), 'FORBIDDEN');
  }

  const residentView = await board('RESIDENT', 'ALL');
  assert.deepEqual(
    residentView.map((p) => ({ rank: p.rank, points: p.points, hours: p.hours })),
    staffView.map((p) => ({ rank: p.rank, points: p.points, hours: p.hours })),
    'the same ranking',
  );
  const own = residentView.filter((p) => p.isViewer);
  assert.equal(own.length, 1, 'the resident finds itself');
  const ownName = (await ok('RESIDENT', `query ($r: ID!) { resident(id: $r) { name } }`, { r: resident(0) })).resident.name as string;
  assert.deepEqual(own[0]!.resident, { id: resident(0), name: ownName });
  assert.equal(own[0]!.volunteer?.id, volunteer(0));
  const others = residentView.filter((p) => !p.isViewer);
  assert.ok(others.length > 0);
  assert.deepEqual(
    others.map((p) => ({ resident: p.resident, volunteer: p.volunteer })),
    others.map(() => ({ resident: null, volunteer: null })),
    'no other resident’s name or profile',
  );
  // Asked for the id alone (which the gateway answers from volunteers without people-grids): still only its own.
  const ids = await ok(
    'RESIDENT',
    `query ($c: ID!) { pointsLeaderboard(communityId: $c, period: ALL, first: 50) { isViewer resident { id } } }`,
    {
      c: community0,
    },
  );
  for (const p of ids.pointsLeaderboard as { isViewer: boolean; resident: { id: string } | null }[])
    assert.deepEqual(p.resident, p.isViewer ? { id: resident(0) } : null, 'no other resident’s id');
  assert.ok(
    staffView.every((p) => !p.isViewer),
    'staff are no volunteers here',
  );
});
