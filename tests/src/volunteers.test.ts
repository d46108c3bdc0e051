import { DEMO_USERS, issueToken } from '@jwh/gateway/dev-keys';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { as, stackForTests } from './harness.js';
import { gql, demoId as id, expectNoErrors } from '@jwh/testkit';
import { localDate, localDayRange } from '@jwh/platform';

// 500 sign-ups at once take FerretDB on two cores 20–40 s: the subgraph timeout is raised
// for this file, and clients retry a timed-out sign-up with the same clientRequestId (idempotent).
const stack = stackForTests({ gatewayEnv: { SUBGRAPH_TIMEOUT_MS: '60000' } });
const community0 = id('demo:community:0');
let n = 0;
const key = () => `e2e-signup-${Date.now()}-${n++}`;

/** A token for demo resident `i` (its own record). */
const residentToken = (i: number) =>
  issueToken(stack.keysDir, {
    sub: `demo-resident-${i}`,
    role: 'RESIDENT',
    resident_id: id(`demo:resident:${i}`),
    community_ids: [community0],
  });

async function createActivity(input: Record<string, unknown>) {
  const { body } = await gql(
    stack.gatewayUrl,
    `mutation ($i: CreateActivityInput!) { createActivity(input: $i) { id capacity } }`,
    { i: { communityId: community0, title: '周末绘本课', organiser: '美湖读书会', ...input } },
    as(stack, 'COMMUNITY_STAFF'),
  );
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data.createActivity.id as string;
}
const SIGN_UP = `mutation ($i: SignUpInput!) { signUp(input: $i) { outcome signUp { id arrival seatNo status } } }`;
const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

test('500 concurrent sign-ups for 30 seats: exactly 30 confirmed, the rest waitlisted in arrival order; a cancellation promotes the first', async () => {
  const activityId = await createActivity({ capacity: 30, startsAt: hours(48), signupOpensAt: hours(-1) });
  const tokens = await Promise.all(Array.from({ length: 500 }, (_, i) => residentToken(i)));
  const signUpWithRetry = async (token: string) => {
    const i = { clientRequestId: key(), activityId };
    for (let attempt = 0; ; attempt++) {
      const r = await gql(stack.gatewayUrl, SIGN_UP, { i }, { authorization: `Bearer ${token}` });
      if (r.body.errors?.[0]?.extensions?.code !== 'SUBGRAPH_UNAVAILABLE' || attempt === 3) return r;
    }
  };
  const results = await Promise.all(tokens.map(signUpWithRetry));
  const errors = results.filter((r) => r.body.errors);
  assert.deepEqual(
    errors.map((e) => e.body.errors),
    [],
  );
  const signUps = results.map((r) => r.body.data.signUp);
  const confirmed = signUps.filter((s) => s.outcome === 'CONFIRMED');
  const waiting = signUps.filter((s) => s.outcome === 'WAITLISTED');
  assert.equal(confirmed.length, 30);
  assert.equal(waiting.length, 470);
  assert.deepEqual(
    confirmed.map((s) => s.signUp.seatNo).sort((a, b) => a - b),
    Array.from({ length: 30 }, (_, i) => i + 1),
    'each seat once',
  );
  assert.deepEqual(
    confirmed.map((s) => s.signUp.arrival).sort((a, b) => a - b),
    Array.from({ length: 30 }, (_, i) => i + 1),
    'the first 30 arrivals hold the seats',
  );

  // The waitlist, as the organiser sees it, is in arrival order.
  const page = await gql(
    stack.gatewayUrl,
    `query ($a: ID!) { activitySignUps(activityId: $a, first: 200) { totalCount } activity(id: $a) { confirmed waitlisted } }`,
    { a: activityId },
    as(stack, 'COMMUNITY_STAFF'),
  );
  assert.deepEqual(page.body.data.activity, { confirmed: 30, waitlisted: 470 });
  const firstWaiting = waiting.reduce((a, b) => (a.signUp.arrival < b.signUp.arrival ? a : b));
  const i31 = signUps.indexOf(firstWaiting);
  const pos = await gql(
    stack.gatewayUrl,
    `query ($r: ID!) { resident(id: $r) { signUps { id waitlistPosition } } }`,
    { r: id(`demo:resident:${i31}`) },
    as(stack, 'STREET_ADMIN'),
  );
  assert.equal(pos.body.data.resident.signUps.find((s: any) => s.id === firstWaiting.signUp.id).waitlistPosition, 1);

  // A second sign-up of the same resident is refused as data.
  const twice = await gql(
    stack.gatewayUrl,
    SIGN_UP,
    { i: { clientRequestId: key(), activityId } },
    { authorization: `Bearer ${tokens[0]}` },
  );
  assert.equal(twice.body.data.signUp.outcome, 'ALREADY_SIGNED_UP');

  // A confirmed resident cancels: the first on the waitlist gets the seat at once.
  const leaver = confirmed[0]!;
  const li = signUps.indexOf(leaver);
  await gql(
    stack.gatewayUrl,
    `mutation ($id: ID!) { cancelSignUp(id: $id) { status } }`,
    { id: leaver.signUp.id },
    { authorization: `Bearer ${tokens[li]}` },
  );
  const promoted = await gql(
    stack.gatewayUrl,
    `query ($r: ID!) { resident(id: $r) { signUps { id status seatNo waitlistPosition } } }`,
    { r: id(`demo:resident:${i31}`) },
    as(stack, 'STREET_ADMIN'),
  );
  const mine = promoted.body.data.resident.signUps.find((s: any) => s.id === firstWaiting.signUp.id);
  assert.deepEqual(
    { status: mine.status, seatNo: mine.seatNo, waitlistPosition: mine.waitlistPosition },
    { status: 'CONFIRMED', seatNo: leaver.signUp.seatNo, waitlistPosition: null },
  );
});

test('the priority window: points holders only, points deducted exactly once, even for concurrent retries', async () => {
  // Demo resident 0 volunteers; give them 50 points by confirming 5 hours (twice with one key: credited once).
  const volunteer = (
    await gql(
      stack.gatewayUrl,
      `query ($r: ID!) { resident(id: $r) { volunteer { id pointsBalance } } }`,
      { r: id('demo:resident:0') },
      as(stack, 'STREET_ADMIN'),
    )
  ).body.data.resident.volunteer;
  const confirm = `mutation ($i: ConfirmHoursInput!) { confirmHours(input: $i) { delta balanceAfter } }`;
  const hoursKey = key();
  for (let i = 0; i < 2; i++)
    await gql(
      stack.gatewayUrl,
      confirm,
      { i: { idempotencyKey: hoursKey, volunteerId: volunteer.id, hours: 5 } },
      as(stack, 'COMMUNITY_STAFF'),
    );
  const balance = async () =>
    (
      await gql(
        stack.gatewayUrl,
        `query ($r: ID!) { resident(id: $r) { volunteer { pointsBalance pointsHistory { delta reason } } } }`,
        { r: id('demo:resident:0') },
        as(stack, 'STREET_ADMIN'),
      )
    ).body.data.resident.volunteer;
  const before = await balance();
  assert.equal(before.pointsBalance, volunteer.pointsBalance + 50, 'the same hours confirmed twice credit once');

  const activityId = await createActivity({
    capacity: 5,
    startsAt: hours(72),
    signupOpensAt: hours(24),
    priorityOpensAt: hours(-1),
    priorityMinPoints: 20,
    priorityCost: 20,
  });
  const token = await residentToken(0);
  const clientRequestId = key();
  const attempts = await Promise.all(
    [clientRequestId, clientRequestId, key(), key()].map((k) =>
      gql(stack.gatewayUrl, SIGN_UP, { i: { clientRequestId: k, activityId } }, { authorization: `Bearer ${token}` }),
    ),
  );
  const outcomes = attempts.map((a) => a.body.data.signUp.outcome).sort();
  assert.equal(outcomes.filter((o) => o === 'CONFIRMED').length >= 1, true, JSON.stringify(outcomes));
  assert.ok(
    outcomes.every((o) => o === 'CONFIRMED' || o === 'ALREADY_SIGNED_UP'),
    JSON.stringify(outcomes),
  );
  const after = await balance();
  assert.equal(after.pointsBalance, before.pointsBalance - 20, 'deducted exactly once');
  assert.equal(after.pointsHistory.filter((e: any) => e.delta === -20).length, 1);

  // A resident without points cannot use the priority window.
  const poor = await gql(
    stack.gatewayUrl,
    SIGN_UP,
    { i: { clientRequestId: key(), activityId } },
    { authorization: `Bearer ${await residentToken(1)}` },
  );
  assert.equal(poor.body.data.signUp.outcome, 'INSUFFICIENT_POINTS');
  const canteen = await gql(stack.gatewayUrl, SIGN_UP, { i: { clientRequestId: key(), activityId } }, as(stack, 'PARTNER'));
  assert.equal(canteen.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  void DEMO_USERS;
});

const BOOK = `mutation ($i: BookRoomInput!) { bookRoom(input: $i) { outcome booking { id occurrences } clash { date time } } }`;
const dayAfter = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

test('200 concurrent bookings of one room slot: exactly one wins', async () => {
  const roomId = id('demo:room:0:activity');
  const date = dayAfter(10);
  const attempt = async () => {
    const i = { clientRequestId: key(), roomId, title: '合唱排练', date, start: '19:00', end: '20:30' };
    for (let n = 0; ; n++) {
      const r = await gql(stack.gatewayUrl, BOOK, { i }, as(stack, 'COMMUNITY_STAFF'));
      if (r.body.errors?.[0]?.extensions?.code !== 'SUBGRAPH_UNAVAILABLE' || n === 3) return r;
    }
  };
  const results = await Promise.all(Array.from({ length: 200 }, attempt));
  assert.deepEqual(
    results.filter((r) => r.body.errors).map((r) => r.body.errors),
    [],
  );
  const outcomes = results.map((r) => r.body.data.bookRoom.outcome);
  assert.equal(outcomes.filter((o) => o === 'BOOKED').length, 1);
  assert.equal(outcomes.filter((o) => o === 'TAKEN').length, 199);
  const day = await gql(
    stack.gatewayUrl,
    `query ($c: ID!, $d: LocalDate!) { rooms(communityId: $c) { id bookings(date: $d) { start end } } }`,
    { c: community0, d: date },
    as(stack, 'COMMUNITY_STAFF'),
  );
  assert.deepEqual(day.body.data.rooms.find((r: any) => r.id === roomId).bookings, [{ start: '19:00', end: '20:30' }]);
});

test('a weekly booking holds every week; an overlap is refused with the clash; cancelling frees them all', async () => {
  const roomId = id('demo:room:0:reading');
  const first = dayAfter(14);
  const weekly = await gql(
    stack.gatewayUrl,
    BOOK,
    {
      i: {
        clientRequestId: key(),
        roomId,
        title: '旗袍走秀排练',
        date: first,
        start: '14:00',
        end: '16:00',
        weeklyUntil: dayAfter(14 + 7 * 7),
      },
    },
    as(stack, 'COMMUNITY_STAFF'),
  );
  const booking = weekly.body.data.bookRoom;
  assert.equal(booking.outcome, 'BOOKED');
  assert.equal(booking.booking.occurrences.length, 8);
  const clash = await gql(
    stack.gatewayUrl,
    BOOK,
    { i: { clientRequestId: key(), roomId, title: '读书会', date: dayAfter(14 + 21), start: '15:30', end: '17:00' } },
    as(stack, 'COMMUNITY_STAFF'),
  );
  assert.deepEqual(clash.body.data.bookRoom, { outcome: 'TAKEN', booking: null, clash: { date: dayAfter(14 + 21), time: '15:30' } });
  const after = await gql(
    stack.gatewayUrl,
    BOOK,
    { i: { clientRequestId: key(), roomId, title: '读书会', date: dayAfter(14 + 21), start: '16:00', end: '17:00' } },
    as(stack, 'COMMUNITY_STAFF'),
  );
  assert.equal(after.body.data.bookRoom.outcome, 'BOOKED', 'touching is not overlapping');
  const bad = await gql(
    stack.gatewayUrl,
    BOOK,
    { i: { clientRequestId: key(), roomId, title: '读书会', date: first, start: '14:15', end: '15:00' } },
    as(stack, 'COMMUNITY_STAFF'),
  );
  assert.equal(bad.body.errors?.[0]?.extensions?.field, 'input.start');
  await gql(
    stack.gatewayUrl,
    `mutation ($id: ID!) { cancelRoomBooking(id: $id) { status } }`,
    { id: booking.booking.id },
    as(stack, 'COMMUNITY_STAFF'),
  );
  const retry = await gql(
    stack.gatewayUrl,
    BOOK,
    { i: { clientRequestId: key(), roomId, title: '读书会', date: dayAfter(14 + 21), start: '15:00', end: '16:00' } },
    as(stack, 'COMMUNITY_STAFF'),
  );
  assert.equal(retry.body.data.bookRoom.outcome, 'BOOKED');
});

test('volunteers by skill, grid and availability; a volunteer call only volunteers answer, then confirmed hours credit points', async () => {
  const grid = id('demo:grid:0-0-0');
  const found = await gql(
    stack.gatewayUrl,
    `query ($g: ID) { volunteers(first: 50, skill: "理发", gridId: $g, availability: "WEEKEND") { totalCount nodes { id skills gridId availability resident { id } } } }`,
    { g: grid },
    as(stack, 'GRID_WORKER'),
  );
  assert.equal(found.body.errors, undefined, JSON.stringify(found.body.errors));
  const vs = found.body.data.volunteers.nodes;
  assert.ok(vs.length > 0);
  assert.ok(vs.every((v: any) => v.skills.includes('理发') && v.gridId === grid && v.availability.includes('WEEKEND')));
  const badAvail = await gql(
    stack.gatewayUrl,
    `{ volunteers(availability: "SOMETIMES") { totalCount } }`,
    undefined,
    as(stack, 'GRID_WORKER'),
  );
  assert.equal(badAvail.body.errors?.[0]?.extensions?.field, 'availability');

  const callId = await createActivity({
    title: '周六助老理发',
    volunteersOnly: true,
    capacity: 2,
    // Later today: check-in is on the activity's day only (Asia/Shanghai).
    startsAt: new Date(Math.min(Date.now() + 20 * 60_000, localDayRange(localDate()).end.getTime() - 30_000)).toISOString(),
    signupOpensAt: hours(-1),
    organizationId: id('demo:org:reading-club'),
  });
  const nonVolunteer = await gql(
    stack.gatewayUrl,
    SIGN_UP,
    { i: { clientRequestId: key(), activityId: callId } },
    { authorization: `Bearer ${await residentToken(1)}` },
  );
  assert.equal(nonVolunteer.body.errors?.[0]?.extensions?.field, 'input.activityId');
  const answered = await gql(
    stack.gatewayUrl,
    SIGN_UP,
    { i: { clientRequestId: key(), activityId: callId } },
    { authorization: `Bearer ${await residentToken(3)}` },
  );
  assert.equal(answered.body.data.signUp.outcome, 'CONFIRMED');
  await gql(
    stack.gatewayUrl,
    `mutation ($s: ID!) { checkIn(signUpId: $s) { attended } }`,
    { s: answered.body.data.signUp.signUp.id },
    as(stack, 'COMMUNITY_STAFF'),
  );
  const org = await gql(
    stack.gatewayUrl,
    `{ organizations(kind: "CULTURE_SPORTS") { name services activities { title volunteersOnly confirmed attended } } alliances { kind members { name } } }`,
    undefined,
    as(stack, 'RESIDENT'),
  );
  const club = org.body.data.organizations.find((o: any) => o.name === '美湖读书会');
  assert.deepEqual(
    club.activities.find((a: any) => a.title === '周六助老理发'),
    { title: '周六助老理发', volunteersOnly: true, confirmed: 1, attended: 1 },
  );
  assert.deepEqual(
    org.body.data.alliances
      .find((a: any) => a.kind === 'ELDER_CANTEEN')
      .members.map((m: any) => m.name)
      .sort(),
    ['凤凰山爱心餐厅', '美湖幸福餐厅'].sort(),
  );
});

test('a purchased-service project: evaluated before any payment, never paid above the contract, each payment once', async () => {
  const P = `id status paidCents paymentStatus evaluation { result score } deliverablesDue(by: "2027-03-31") { title }`;
  const created = await gql(
    stack.gatewayUrl,
    `mutation ($i: CreateProjectInput!) { createPurchasedServiceProject(input: $i) { ${P} } }`,
    {
      i: {
        organizationId: id('demo:org:reading-club'),
        title: '亲子阅读服务项目',
        amountCents: 5_000_000,
        periodStart: '2026-07-01',
        periodEnd: '2027-06-30',
        deliverables: [
          { title: '中期报告', dueDate: '2027-01-15' },
          { title: '终期报告', dueDate: '2027-06-30' },
        ],
      },
    },
    as(stack, 'STREET_ADMIN'),
  );
  const project = created.body.data.createPurchasedServiceProject;
  assert.deepEqual(
    project.deliverablesDue.map((d: any) => d.title),
    ['中期报告'],
  );
  const pay = `mutation ($i: PayProjectInput!) { payPurchasedServiceProject(input: $i) { ${P} } }`;
  const early = await gql(
    stack.gatewayUrl,
    pay,
    { i: { projectId: project.id, amountCents: 1_000_000, idempotencyKey: key() } },
    as(stack, 'STREET_ADMIN'),
  );
  assert.equal(early.body.errors?.[0]?.extensions?.field, 'input.projectId', 'no payment before the evaluation');
  await gql(
    stack.gatewayUrl,
    `mutation ($i: EvaluateProjectInput!) { evaluatePurchasedServiceProject(input: $i) { status } }`,
    { i: { projectId: project.id, result: 'PASSED', score: 88 } },
    as(stack, 'STREET_ADMIN'),
  );
  const payKey = key();
  for (let i = 0; i < 2; i++)
    await gql(
      stack.gatewayUrl,
      pay,
      { i: { projectId: project.id, amountCents: 3_000_000, idempotencyKey: payKey } },
      as(stack, 'STREET_ADMIN'),
    );
  const over = await gql(
    stack.gatewayUrl,
    pay,
    { i: { projectId: project.id, amountCents: 3_000_000, idempotencyKey: key() } },
    as(stack, 'STREET_ADMIN'),
  );
  assert.equal(over.body.errors?.[0]?.extensions?.field, 'input.amountCents');
  const list = await gql(
    stack.gatewayUrl,
    `{ purchasedServiceProjects(status: "EVALUATED") { ${P} } }`,
    undefined,
    as(stack, 'STREET_ADMIN'),
  );
  const mine = list.body.data.purchasedServiceProjects.find((p: any) => p.id === project.id);
  assert.deepEqual(
    { paid: mine.paidCents, status: mine.paymentStatus, evaluation: mine.evaluation },
    { paid: 3_000_000, status: 'PARTIAL', evaluation: { result: 'PASSED', score: 88 } },
  );
  const staff = await gql(stack.gatewayUrl, `{ purchasedServiceProjects { id } }`, undefined, as(stack, 'COMMUNITY_STAFF'));
  assert.equal(staff.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
});

test('volunteers from outside the community (phone masked) and teams; an activity in a community room', async () => {
  const reg = `mutation ($i: RegisterVolunteerInput!) { registerVolunteer(input: $i) { id resident { id } contact { name phone } skills } }`;
  const outsider = await gql(
    stack.gatewayUrl,
    reg,
    {
      i: { communityId: community0, outsiderName: '李志愿', outsiderPhone: '13912345678', skills: ['法律咨询'], availability: ['WEEKEND'] },
    },
    as(stack, 'COMMUNITY_STAFF'),
  );
  assert.equal(outsider.body.errors, undefined, JSON.stringify(outsider.body.errors));
  assert.deepEqual(outsider.body.data.registerVolunteer.contact, { name: '李志愿', phone: '139****5678' });
  assert.equal(outsider.body.data.registerVolunteer.resident, null);
  const again = await gql(
    stack.gatewayUrl,
    reg,
    { i: { communityId: community0, outsiderName: '李志愿', outsiderPhone: '139 1234 5678', skills: ['法律咨询'], availability: [] } },
    as(stack, 'COMMUNITY_STAFF'),
  );
  assert.equal(again.body.errors?.[0]?.extensions?.code, 'CONFLICT');
  const resident = await gql(
    stack.gatewayUrl,
    reg,
    { i: { communityId: community0, residentId: id('demo:resident:5'), skills: ['陪护'], availability: ['WEEKDAY_EVENING'] } },
    as(stack, 'COMMUNITY_STAFF'),
  );
  assert.equal(resident.body.data.registerVolunteer.resident.id, id('demo:resident:5'));

  const team = (
    await gql(
      stack.gatewayUrl,
      `mutation ($i: CreateVolunteerTeamInput!) { createVolunteerTeam(input: $i) { id } }`,
      { i: { communityId: community0, name: '助老服务队', focus: '陪护与理发' } },
      as(stack, 'COMMUNITY_STAFF'),
    )
  ).body.data.createVolunteerTeam;
  for (const v of [outsider, resident]) {
    await gql(
      stack.gatewayUrl,
      `mutation ($i: AddTeamMemberInput!) { addTeamMember(input: $i) { id } }`,
      { i: { teamId: team.id, volunteerId: v.body.data.registerVolunteer.id } },
      as(stack, 'COMMUNITY_STAFF'),
    );
  }
  // Members and their teams in two reads: teams × members × teams is over the gateway's row cost limit.
  const teamsQuery = `query ($c: ID!) { volunteerTeams(communityId: $c) { id name members { id resident { id } } } }`;
  const teams = await gql(stack.gatewayUrl, teamsQuery, { c: community0 }, as(stack, 'COMMUNITY_STAFF'));
  const mine = teams.body.data.volunteerTeams.find((t: any) => t.id === team.id);
  assert.equal(mine.members.length, 2);
  for (const skill of ['法律咨询', '陪护']) {
    const listed = await gql(
      stack.gatewayUrl,
      `query ($s: String) { volunteers(first: 200, skill: $s) { nodes { id teams { name } } } }`,
      { s: skill },
      as(stack, 'COMMUNITY_STAFF'),
    );
    const member = listed.body.data.volunteers.nodes.find((v: any) => mine.members.some((m: any) => m.id === v.id));
    assert.ok(
      member.teams.some((t: any) => t.name === '助老服务队'),
      skill,
    );
  }
  // A grid worker sees the members who live in its grid (demo resident 5), not the outsider, who lives in none.
  const forWorker = await gql(stack.gatewayUrl, teamsQuery, { c: community0 }, as(stack, 'GRID_WORKER'));
  assert.deepEqual(
    forWorker.body.data.volunteerTeams.find((t: any) => t.id === team.id).members.map((m: any) => m.resident?.id),
    [id('demo:resident:5')],
  );
  // The demo resident sees members of its own household only: its own profile, once it joins.
  await gql(
    stack.gatewayUrl,
    `mutation ($i: AddTeamMemberInput!) { addTeamMember(input: $i) { id } }`,
    { i: { teamId: team.id, volunteerId: id('demo:volunteer:0') } },
    as(stack, 'COMMUNITY_STAFF'),
  );
  const contactForResident = await gql(
    stack.gatewayUrl,
    `query ($c: ID!) { volunteerTeams(communityId: $c) { members { contact { phone } } } }`,
    { c: community0 },
    as(stack, 'RESIDENT'),
  );
  assert.ok(
    contactForResident.body.errors?.some((e) => e.extensions?.code === 'FORBIDDEN'),
    "an outsider's contact is for staff only",
  );

  const inRoom = await createActivity({
    title: '旗袍走秀',
    capacity: 10,
    startsAt: hours(50),
    signupOpensAt: hours(-1),
    roomId: id('demo:room:0:activity'),
  });
  const act = await gql(
    stack.gatewayUrl,
    `query ($a: ID!) { activity(id: $a) { room { name equipment } } }`,
    { a: inRoom },
    as(stack, 'RESIDENT'),
  );
  assert.deepEqual(act.body.data.activity.room, { name: '活动室', equipment: ['镜子', '钢琴', '音响'] });
});

const community1 = id('demo:community:1');
/** A token for the demo user of `role`, with other claims (another community, grid, resident). */
const tokenAs = async (role: keyof typeof DEMO_USERS, claims: Record<string, unknown>) => ({
  authorization: `Bearer ${await issueToken(stack.keysDir, { ...DEMO_USERS[role], sub: `e2e-${role.toLowerCase()}-${n++}`, ...claims })}`,
});
const ok = async (query: string, variables: Record<string, unknown> | undefined, headers: Record<string, string>) =>
  expectNoErrors((await gql<Record<string, any>>(stack.gatewayUrl, query, variables, headers)).body);
/** Residents of a grid or community, as the street admin finds them. */
const residentsOf = async (filter: Record<string, unknown>) =>
  (
    await ok(
      `query ($f: ResidentFilter) { residents(first: 200, filter: $f) { nodes { id age household { id } } } }`,
      { f: filter },
      as(stack, 'STREET_ADMIN'),
    )
  ).residents.nodes as { id: string; age: number; household: { id: string } }[];

test("S2: a resident reading a team's members sees no neighbour's meal card or points", async () => {
  const team = (
    await ok(
      `mutation ($i: CreateVolunteerTeamInput!) { createVolunteerTeam(input: $i) { id } }`,
      { i: { communityId: community0, name: `S2 助餐队 ${n++}` } },
      as(stack, 'COMMUNITY_STAFF'),
    )
  ).createVolunteerTeam;
  // Demo resident 9 (82) volunteers and holds love card AX-DEMO-0009; demo resident 0 (the demo RESIDENT, 53) volunteers and holds none.
  for (const v of ['demo:volunteer:9', 'demo:volunteer:0']) {
    await ok(
      `mutation ($i: AddTeamMemberInput!) { addTeamMember(input: $i) { id } }`,
      { i: { teamId: team.id, volunteerId: id(v) } },
      as(stack, 'COMMUNITY_STAFF'),
    );
  }
  await ok(
    `mutation ($i: ConfirmHoursInput!) { confirmHours(input: $i) { delta } }`,
    { i: { idempotencyKey: key(), volunteerId: id('demo:volunteer:9'), hours: 2, note: 'S2 助餐' } },
    as(stack, 'COMMUNITY_STAFF'),
  );
  // Two reads: each stays under the gateway's row cost limit (30 teams × 50 members declared).
  const cards = `query ($c: ID!) { volunteerTeams(communityId: $c) { id members { id resident { mealCard { cardNo payShare status validUntil } } } } }`;
  const points = `query ($c: ID!) { volunteerTeams(communityId: $c) { id members { id pointsHistory(first: 1) { reason } } } }`;
  const seen = (await ok(cards, { c: community0 }, as(stack, 'RESIDENT'))).volunteerTeams.find((t: any) => t.id === team.id);
  assert.deepEqual(
    seen.members.map((m: any) => m.id),
    [id('demo:volunteer:0')],
    'the own profile only',
  );
  assert.equal(seen.members[0].resident.mealCard, null);
  const all = JSON.stringify([
    await ok(cards, { c: community0 }, as(stack, 'RESIDENT')),
    await ok(points, { c: community0 }, as(stack, 'RESIDENT')),
  ]);
  assert.ok(!all.includes('AX-DEMO-0009') && !all.includes('S2 助餐'), 'no neighbour’s card or ledger anywhere');
  // Staff of the community still see both, and the ledger.
  const staff = (await ok(points, { c: community0 }, as(stack, 'COMMUNITY_STAFF'))).volunteerTeams.find((t: any) => t.id === team.id);
  assert.equal(staff.members.length, 2);
  assert.match(JSON.stringify(staff), /S2 助餐/);
});

test("S2: a grid worker sees volunteers and love cards of its own grid's residents only; registerVolunteer refuses another community's resident", async () => {
  const ownGrid = id('demo:grid:0-0-0');
  const otherGrid = id('demo:grid:0-0-1');
  // An elder of the next grid becomes a volunteer and gets a love card.
  const elder = (await residentsOf({ gridId: otherGrid, elderTier: 'AGE_70' }))[0]!;
  const reg = `mutation ($i: RegisterVolunteerInput!) { registerVolunteer(input: $i) { id gridId } }`;
  const volunteer = (
    await ok(
      reg,
      { i: { communityId: community0, residentId: elder.id, skills: ['陪护'], availability: ['WEEKEND'] } },
      as(stack, 'COMMUNITY_STAFF'),
    )
  ).registerVolunteer;
  assert.equal(volunteer.gridId, otherGrid, 'the profile keeps the resident’s grid from people-grids');
  await ok(
    `mutation ($i: IssueMealCardInput!) { issueMealCard(input: $i) { cardNo } }`,
    { i: { residentId: elder.id, validUntil: '2030-12-31' } },
    as(stack, 'COMMUNITY_STAFF'),
  );

  const q = `{ volunteers(first: 200) { totalCount nodes { id gridId resident { id mealCard { cardNo } } } } }`;
  const mine = (await ok(q, undefined, as(stack, 'GRID_WORKER'))).volunteers;
  assert.ok(mine.totalCount > 0);
  assert.ok(
    mine.nodes.every((v: any) => v.gridId === ownGrid),
    'only the own grid',
  );
  assert.ok(!mine.nodes.some((v: any) => v.resident?.id === elder.id));
  const asked = await ok(
    `query ($g: ID) { volunteers(first: 200, gridId: $g) { totalCount } }`,
    { g: otherGrid },
    as(stack, 'GRID_WORKER'),
  );
  assert.equal(asked.volunteers.totalCount, 0);
  const nextWorker = await tokenAs('GRID_WORKER', { staff_id: id('demo:staff:5'), grid_ids: [otherGrid] });
  const theirs = (await ok(q, undefined, nextWorker)).volunteers.nodes.find((v: any) => v.id === volunteer.id);
  assert.ok(theirs?.resident.mealCard.cardNo, 'the worker of that grid sees its elder and the card');

  // A resident of community 1, registered by the staff of community 0 (naming either community).
  const stranger = (await residentsOf({ communityId: community1 }))[0]!;
  for (const communityId of [community0, community1]) {
    const r = await gql(
      stack.gatewayUrl,
      reg,
      { i: { communityId, residentId: stranger.id, skills: ['陪护'], availability: [] } },
      as(stack, 'COMMUNITY_STAFF'),
    );
    assert.equal(r.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', communityId);
  }
});

/** An activity of community 1, created by its staff. */
async function community1Activity(title: string) {
  const staff1 = await tokenAs('COMMUNITY_STAFF', { staff_id: undefined, community_ids: [community1] });
  const { createActivity: a } = await ok(
    `mutation ($i: CreateActivityInput!) { createActivity(input: $i) { id } }`,
    { i: { communityId: community1, title, organiser: '凤凰山社区', capacity: 5, startsAt: hours(40), signupOpensAt: hours(-1) } },
    staff1,
  );
  return { activityId: a.id as string, staff1 };
}

test("S3: another community's volunteer teams, activities and rooms are not readable; a partner reads only its communities' activities", async () => {
  const { activityId, staff1 } = await community1Activity('S3 凤凰山合唱');
  await ok(
    `mutation ($i: CreateVolunteerTeamInput!) { createVolunteerTeam(input: $i) { id } }`,
    { i: { communityId: community1, name: `S3 凤凰山服务队 ${n++}` } },
    staff1,
  );
  const q = `query ($c: ID!, $a: ID!) { volunteerTeams(communityId: $c) { id members { id } } activities(communityId: $c) { id } rooms(communityId: $c) { id } activity(id: $a) { id title } }`;
  const theirs = await ok(q, { c: community1, a: activityId }, staff1);
  assert.ok(
    theirs.volunteerTeams.length > 0 && theirs.activities.length > 0 && theirs.rooms.length > 0 && theirs.activity,
    'community 1 sees its own',
  );
  for (const role of ['COMMUNITY_STAFF', 'RESIDENT', 'GRID_WORKER'] as const) {
    const other = await ok(q, { c: community1, a: activityId }, as(stack, role));
    assert.deepEqual(other, { volunteerTeams: [], activities: [], rooms: [], activity: null }, role);
  }
  // Canteen 0 serves community 0: it reads community 0's activities, not community 1's.
  const ownActivity = await createActivity({ capacity: 5, startsAt: hours(40), signupOpensAt: hours(-1) });
  const partner = await ok(
    `query ($a: ID!, $b: ID!, $c: ID!) { theirs: activity(id: $a) { id } ours: activity(id: $b) { id } activities(communityId: $c) { id } }`,
    { a: activityId, b: ownActivity, c: community1 },
    as(stack, 'PARTNER'),
  );
  assert.deepEqual(partner, { theirs: null, ours: { id: ownActivity }, activities: [] });
});

test("S4: staff of another community cannot cancel a sign-up; a resident cannot sign up for another community's activity", async () => {
  const { activityId, staff1 } = await community1Activity('S4 凤凰山讲座');
  const neighbour = (await residentsOf({ communityId: community1 }))[0]!;
  const resident1 = await tokenAs('RESIDENT', {
    resident_id: neighbour.id,
    household_id: neighbour.household.id,
    community_ids: [community1],
  });
  const signed = (await ok(SIGN_UP, { i: { clientRequestId: key(), activityId } }, resident1)).signUp;
  assert.equal(signed.outcome, 'CONFIRMED');

  const cancel = await gql(
    stack.gatewayUrl,
    `mutation ($id: ID!) { cancelSignUp(id: $id) { status } }`,
    { id: signed.signUp.id },
    as(stack, 'COMMUNITY_STAFF'),
  );
  assert.equal(cancel.body.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  const counts = await ok(`query ($a: ID!) { activity(id: $a) { confirmed } }`, { a: activityId }, staff1);
  assert.equal(counts.activity.confirmed, 1, 'the sign-up stands');

  const outsider = await gql(stack.gatewayUrl, SIGN_UP, { i: { clientRequestId: key(), activityId } }, as(stack, 'RESIDENT'));
  assert.equal(outsider.body.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  assert.equal((await ok(`query ($a: ID!) { activity(id: $a) { confirmed } }`, { a: activityId }, staff1)).activity.confirmed, 1);
  // Its own community's staff may cancel it.
  assert.equal(
    (await ok(`mutation ($id: ID!) { cancelSignUp(id: $id) { status } }`, { id: signed.signUp.id }, staff1)).cancelSignUp.status,
    'CANCELLED',
  );
});
