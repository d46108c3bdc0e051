import { DEMO_USERS, issueToken } from '@jwh/gateway/dev-keys';
import { addWorkingDays, atLocal } from '@jwh/platform';
import { TRANSITIONS } from '@jwh/service-matters/transitions';
import { QUEUE_NAMES, reminderJobId } from '@jwh/contracts';
import { Redis } from 'ioredis';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { env } from './environment.js';
import { as, servicesCalledWith, stackForTests } from './harness.js';
import { gql, demoId as id, roleClient } from '@jwh/testkit';

const stack = stackForTests();

type Role = keyof typeof DEMO_USERS;
const community0 = id('demo:community:0');
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
let n = 0;
const key = () => `e2e-req-${Date.now()}-${n++}`;
const { call, ok } = roleClient<Role>(
  () => stack.gatewayUrl,
  (role) => as(stack, role),
);

const CREATE = `mutation ($input: CreateServiceRequestInput!) { createServiceRequest(input: $input) { id status dueDate takenBy materials { name collected } referral { reason where } timeline { from to by } } }`;
const ADVANCE = `mutation ($input: AdvanceServiceRequestInput!) { advanceServiceRequest(input: $input) { id status timeline { from to } firstContactResolved deliveredAt } }`;
const create = (role: Role, input: Record<string, unknown>) => call(role, CREATE, { input: { channel: 'DOORSTEP', ...input } });

/** Residents of the grid worker's grid with their age and hukou, as the worker sees them. */
async function myResidents() {
  return (await ok('GRID_WORKER', `{ residents(first: 200) { nodes { id age hukou } } }`)).residents.nodes as {
    id: string;
    age: number;
    hukou: string;
  }[];
}

test('a request taken on the doorstep: idempotent, due in working days, recorded, and announced to the reminders', async () => {
  const resident = id('demo:resident:0');
  const clientRequestId = key();
  const first = await create('GRID_WORKER', {
    clientRequestId,
    residentId: resident,
    typeCode: 'PENSION_CARD',
    materialsCollected: ['身份证'],
  });
  assert.equal(first.errors, undefined, JSON.stringify(first.errors));
  const r = first.data.createServiceRequest;
  assert.equal(r.status, 'RECEIVED');
  assert.equal(r.dueDate, addWorkingDays(today(), 5));
  assert.equal(r.takenBy, DEMO_USERS.GRID_WORKER.staff_id);
  assert.deepEqual(r.materials, [
    { name: '身份证', collected: true },
    { name: '原养老金卡', collected: false },
  ]);
  const again = await create('GRID_WORKER', { clientRequestId, residentId: resident, typeCode: 'PENSION_CARD' });
  assert.equal(again.data.createServiceRequest.id, r.id, 'a retried call returns the first request');
  const history = await ok('RESIDENT', `query ($id: ID!) { resident(id: $id) { serviceRequests { id } } }`, { id: resident });
  assert.equal(history.resident.serviceRequests.filter((s: { id: string }) => s.id === r.id).length, 1);

  // Announced to the reminders: service matters scheduled the request's reminder (due in working days).
  const redis = new Redis(env.REDIS_URL);
  try {
    const dueSoon = reminderJobId('REQUEST_DUE_SOON', r.id, { type: 'STAFF', id: r.takenBy }, atLocal(r.dueDate).toISOString());
    const job = JSON.parse((await redis.hget(`${stack.common.QUEUE_PREFIX}:${QUEUE_NAMES.reminders}:${dueSoon}`, 'data')) ?? 'null');
    assert.deepEqual([job?.kind, job?.producer, job?.data.dueDate], ['REQUEST_DUE_SOON', 'service-matters', r.dueDate]);
  } finally {
    redis.disconnect();
  }
});

test('an ineligible request is referred at once with the rule that failed and where to go', async () => {
  const residents = await myResidents();
  const young = residents.find((r) => r.age < 60)!;
  const referred = (await create('GRID_WORKER', { clientRequestId: key(), residentId: young.id, typeCode: 'SENIOR_CARD' })).data
    .createServiceRequest;
  assert.equal(referred.status, 'REFERRED');
  assert.match(referred.referral.reason, /60/);
  assert.match(referred.referral.where, /老龄办/);
  assert.deepEqual(
    referred.timeline.map((t: { to: string }) => t.to),
    ['RECEIVED', 'REFERRED'],
  );
  const nonLocalElder = residents.find((r) => r.age >= 60 && r.hukou === 'NON_LOCAL');
  if (nonLocalElder) {
    const city = (await create('GRID_WORKER', { clientRequestId: key(), residentId: nonLocalElder.id, typeCode: 'SENIOR_CARD' })).data
      .createServiceRequest;
    assert.match(city.referral.reason, /本地户籍/);
  }
});

test('the whole path to delivery, and every illegal transition refused naming both states', async () => {
  const resident = id('demo:resident:0');
  const path = ['MATERIALS_COLLECTED', 'FORWARDED', 'RESULT_RECEIVED', 'DELIVERED'];
  const start = async () =>
    (
      await create('GRID_WORKER', {
        clientRequestId: key(),
        residentId: resident,
        typeCode: 'LTC_INSURANCE',
        materialsCollected: ['身份证', '医保卡', '病历资料'],
      })
    ).data.createServiceRequest.id as string;
  const requestId = await start();
  let last;
  for (const to of path)
    last = (await ok('GRID_WORKER', ADVANCE, { input: { id: requestId, to, firstContactResolved: to === 'DELIVERED' ? true : undefined } }))
      .advanceServiceRequest;
  assert.equal(last.status, 'DELIVERED');
  assert.equal(last.firstContactResolved, true);
  assert.deepEqual(
    last.timeline.map((t: { to: string }) => t.to),
    ['RECEIVED', ...path],
  );

  // A request in each state, then every step the machine does not allow.
  const reach: Record<string, { to: string; extra?: Record<string, unknown> }[]> = {
    RECEIVED: [],
    MATERIALS_COLLECTED: [{ to: 'MATERIALS_COLLECTED' }],
    FORWARDED: [{ to: 'MATERIALS_COLLECTED' }, { to: 'FORWARDED' }],
    RESULT_RECEIVED: [{ to: 'MATERIALS_COLLECTED' }, { to: 'FORWARDED' }, { to: 'RESULT_RECEIVED' }],
    DELIVERED: path.map((to) => ({ to })),
    REFERRED: [{ to: 'REFERRED', extra: { referralReason: '不属于社区受理范围', referTo: '区医保中心' } }],
    REJECTED: [{ to: 'REJECTED', extra: { rejectionReason: '材料不全且无法补齐' } }],
    WITHDRAWN: [{ to: 'WITHDRAWN' }],
  };
  let refused = 0;
  for (const [state, steps] of Object.entries(reach)) {
    const rid = await start();
    for (const s of steps) await ok('GRID_WORKER', ADVANCE, { input: { id: rid, to: s.to, ...s.extra } });
    for (const to of Object.keys(TRANSITIONS)) {
      if (TRANSITIONS[state]!.includes(to)) continue;
      const bad = await call('GRID_WORKER', ADVANCE, { input: { id: rid, to } });
      assert.equal(bad.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `${state} → ${to}`);
      assert.equal(bad.errors?.[0]?.extensions?.field, 'input.to');
      assert.ok(bad.errors![0]!.message.includes(state) && bad.errors![0]!.message.includes(to), bad.errors![0]!.message);
      refused++;
    }
  }
  assert.equal(refused, 8 * 8 - Object.values(TRANSITIONS).reduce((s, t) => s + t.length, 0));
  const noReason = await call('GRID_WORKER', ADVANCE, { input: { id: await start(), to: 'REJECTED' } });
  assert.equal(noReason.errors?.[0]?.extensions?.field, 'input.rejectionReason');
});

test('scope: another grid’s worker neither sees nor moves a request, nor takes one for a resident outside its grid', async () => {
  const rid = (await create('GRID_WORKER', { clientRequestId: key(), residentId: id('demo:resident:0'), typeCode: 'PROPERTY_SERVICE' }))
    .data.createServiceRequest.id;
  const other = await issueToken(stack.keysDir, {
    ...DEMO_USERS.GRID_WORKER,
    sub: 'demo-grid-worker-001',
    staff_id: id('demo:staff:5'),
    grid_ids: [id('demo:grid:0-0-1')],
  });
  const auth = { authorization: `Bearer ${other}` };
  const seen = await gql(stack.gatewayUrl, `query ($id: ID!) { serviceRequest(id: $id) { id } }`, { id: rid }, auth);
  assert.equal(seen.body.data.serviceRequest, null);
  const moved = await gql(stack.gatewayUrl, ADVANCE, { input: { id: rid, to: 'WITHDRAWN' } }, auth);
  assert.equal(moved.body.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  const foreign = await gql(
    stack.gatewayUrl,
    CREATE,
    { input: { clientRequestId: key(), residentId: id('demo:resident:0'), typeCode: 'PROPERTY_SERVICE', channel: 'DOORSTEP' } },
    auth,
  );
  assert.equal(foreign.body.errors?.[0]?.extensions?.field, 'input.residentId');

  const mine = await call('RESIDENT', CREATE, {
    input: { clientRequestId: key(), residentId: id('demo:resident:0'), typeCode: 'PROPERTY_SERVICE', channel: 'WECHAT' },
  });
  const withdrawn = await ok('RESIDENT', ADVANCE, {
    input: { id: mine.data.createServiceRequest.id, to: 'WITHDRAWN', note: '已自行解决' },
  });
  assert.equal(withdrawn.advanceServiceRequest.status, 'WITHDRAWN');
  const neighbour = await call('RESIDENT', CREATE, {
    input: { clientRequestId: key(), residentId: id('demo:resident:2'), typeCode: 'PROPERTY_SERVICE', channel: 'WECHAT' },
  });
  assert.equal(neighbour.errors?.[0]?.extensions?.field, 'input.residentId');
});

test('backlog, overdue and due-soon lists, and the period figures', async () => {
  const backlog = await ok(
    'GRID_WORKER',
    `query ($me: ID) { serviceRequests(first: 200, filter: { takenBy: $me, open: true }) { totalCount nodes { status takenBy } } }`,
    {
      me: DEMO_USERS.GRID_WORKER.staff_id,
    },
  );
  assert.ok(backlog.serviceRequests.totalCount > 0);
  assert.ok(
    backlog.serviceRequests.nodes.every(
      (r: any) => r.takenBy === DEMO_USERS.GRID_WORKER.staff_id && !['DELIVERED', 'REFERRED', 'REJECTED', 'WITHDRAWN'].includes(r.status),
    ),
  );

  const overdue = await ok(
    'COMMUNITY_STAFF',
    `{ serviceRequests(first: 200, filter: { overdue: true }) { totalCount nodes { dueDate overdue } } }`,
  );
  assert.ok(overdue.serviceRequests.totalCount > 0, 'the demo data has overdue requests');
  assert.ok(overdue.serviceRequests.nodes.every((r: any) => r.overdue && r.dueDate < today()));
  const soon = await ok(
    'COMMUNITY_STAFF',
    `{ serviceRequests(first: 200, filter: { dueWithinWorkingDays: 5 }) { nodes { dueDate overdue } } }`,
  );
  const horizon = addWorkingDays(today(), 5);
  assert.ok(soon.serviceRequests.nodes.every((r: any) => !r.overdue && r.dueDate >= today() && r.dueDate <= horizon));

  const month = today().slice(0, 8);
  const stats = (
    await ok(
      'COMMUNITY_STAFF',
      `query ($c: ID!, $f: LocalDate!, $t: LocalDate!) { serviceRequestStats(communityId: $c, from: $f, to: $t) { total delivered onTimeRate medianWorkingDays firstContactResolutionRate referralRate byType { typeCode total referred referralRate } } }`,
      {
        c: community0,
        f: `${month}01`,
        t: today(),
      },
    )
  ).serviceRequestStats;
  assert.ok(stats.delivered >= 2);
  assert.equal(stats.onTimeRate, 1, 'everything delivered today is on time');
  assert.equal(stats.medianWorkingDays, 0);
  assert.ok(stats.firstContactResolutionRate > 0 && stats.firstContactResolutionRate <= 1);
  assert.ok(stats.referralRate > 0);
  assert.equal(
    stats.byType.reduce((s: number, t: any) => s + t.total, 0),
    stats.total,
  );
  const worker = await call(
    'GRID_WORKER',
    `query ($c: ID!) { serviceRequestStats(communityId: $c, from: "2026-01-01", to: "2026-12-31") { total } }`,
    { c: community0 },
  );
  assert.equal(worker.errors?.[0]?.extensions?.code, 'FORBIDDEN');
});

test('a list of 100 requests with their residents costs one call to people-grids', async () => {
  const requestId = `e2e-${Date.now()}-requests`;
  const body = await call('STREET_ADMIN', `{ serviceRequests(first: 100) { nodes { id resident { name } type { name } } } }`, undefined, {
    'x-request-id': requestId,
  });
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  assert.ok(body.data.serviceRequests.nodes.length >= 50);
  assert.ok(body.data.serviceRequests.nodes.every((r: any) => r.resident.name));
  const calls = await servicesCalledWith(stack, requestId);
  assert.equal(calls.filter((s) => s === 'people-grids').length, 1);
});

const SUGGEST = `mutation ($input: CreateSuggestionInput!) { createSuggestion(input: $input) { id status replyDueDate } }`;

test('a suggestion: idempotent, acknowledged, answered with a final reply, rated; illegal steps refused', async () => {
  const input = {
    clientRequestId: key(),
    residentId: id('demo:resident:0'),
    source: 'VISIT',
    category: '停车',
    text: '小区非机动车乱停,希望划定停放区',
  };
  const s = (await ok('GRID_WORKER', SUGGEST, { input })).createSuggestion;
  assert.equal((await ok('GRID_WORKER', SUGGEST, { input })).createSuggestion.id, s.id);
  assert.equal(s.status, 'OPEN');
  assert.equal(s.replyDueDate, addWorkingDays(today(), 5));
  const advance = `mutation ($id: ID!, $to: SuggestionStatus!) { advanceSuggestion(id: $id, to: $to) { status } }`;
  const closeEarly = await call('GRID_WORKER', advance, { id: s.id, to: 'CLOSED' });
  assert.equal(closeEarly.errors?.[0]?.extensions?.field, 'input.to');
  assert.match(closeEarly.errors![0]!.message, /OPEN.*CLOSED/);
  await ok('GRID_WORKER', advance, { id: s.id, to: 'ACKNOWLEDGED' });
  const answerWithoutReply = await call('GRID_WORKER', advance, { id: s.id, to: 'ANSWERED' });
  assert.match(answerWithoutReply.errors![0]!.message, /replyToSuggestion/);
  const reply = `mutation ($id: ID!, $t: String!, $f: Boolean) { replyToSuggestion(id: $id, text: $t, final: $f) { status replies { text final } finalReply } }`;
  await ok('GRID_WORKER', reply, { id: s.id, t: '已联系物业勘察场地', f: false });
  const answered = (await ok('GRID_WORKER', reply, { id: s.id, t: '已在3栋北侧划定非机动车停放区', f: true })).replyToSuggestion;
  assert.equal(answered.status, 'ANSWERED');
  assert.equal(answered.finalReply, '已在3栋北侧划定非机动车停放区');
  const rated = await ok('RESIDENT', `mutation ($id: ID!) { rateSuggestion(id: $id, satisfaction: SATISFIED) { satisfaction } }`, {
    id: s.id,
  });
  assert.equal(rated.rateSuggestion.satisfaction, 'SATISFIED');
  await ok('GRID_WORKER', advance, { id: s.id, to: 'CLOSED' });
  const mine = await ok('RESIDENT', `query ($id: ID!) { resident(id: $id) { suggestions { id status finalReply } } }`, {
    id: id('demo:resident:0'),
  });
  assert.deepEqual(
    mine.resident.suggestions.find((x: { id: string }) => x.id === s.id),
    { id: s.id, status: 'CLOSED', finalReply: '已在3栋北侧划定非机动车停放区' },
  );
});

test('escalated to the joint meeting: decided, owned by a registered unit that sees only its items, followed up', async () => {
  // Units are registered organisations of the volunteers registry: the demo partner (美湖幸福餐厅) and 美湖派出所.
  const school = DEMO_USERS.PARTNER.org_id as string;
  const police = id('demo:org:police');
  const date = new Date(Date.now() + 8 * 3_600_000 + 20 * 86_400_000).toISOString().slice(0, 10);
  const meeting = (
    await ok('COMMUNITY_STAFF', `mutation ($i: ScheduleJointMeetingInput!) { scheduleJointMeeting(input: $i) { id date } }`, {
      i: {
        communityId: community0,
        date,
        units: [
          { orgId: school, name: '美湖小学', kind: 'SCHOOL' },
          { orgId: police, name: '美湖派出所', kind: 'POLICE' },
        ],
      },
    })
  ).scheduleJointMeeting;
  const a = (
    await ok('COMMUNITY_STAFF', SUGGEST, {
      input: {
        clientRequestId: key(),
        residentId: id('demo:resident:0'),
        source: 'LIAISON_DAY',
        category: '交通',
        text: '学校门口上下学拥堵',
      },
    })
  ).createSuggestion;
  const b = (
    await ok('COMMUNITY_STAFF', SUGGEST, {
      input: { clientRequestId: key(), residentId: id('demo:resident:1'), source: 'HOTLINE', category: '治安', text: '夜间电动车被盗' },
    })
  ).createSuggestion;
  const escalate = `mutation ($id: ID!, $t: String!) { escalateSuggestion(id: $id, title: $t) { status jointMeeting { id } } }`;
  assert.equal((await ok('COMMUNITY_STAFF', escalate, { id: a.id, t: '校门口交通疏导' })).escalateSuggestion.jointMeeting.id, meeting.id);
  await ok('COMMUNITY_STAFF', escalate, { id: b.id, t: '电动车防盗' });
  const agenda = (
    await ok('COMMUNITY_STAFF', `query ($c: ID) { jointMeetings(communityId: $c) { id items { id title suggestion { id } } } }`, {
      c: community0,
    })
  ).jointMeetings.find((m: any) => m.id === meeting.id);
  const [itemA, itemB] = agenda.items;
  const decide = `mutation ($i: DecideAgendaItemInput!) { decideAgendaItem(input: $i) { id } }`;
  await ok('COMMUNITY_STAFF', decide, {
    i: { meetingId: meeting.id, itemId: itemA.id, decision: '上下学时段安排护学岗', ownerOrgId: school, followUpDate: date },
  });
  await ok('COMMUNITY_STAFF', decide, {
    i: { meetingId: meeting.id, itemId: itemB.id, decision: '增加夜间巡逻', ownerOrgId: police, followUpDate: date },
  });
  const badOwner = await call('COMMUNITY_STAFF', decide, {
    i: { meetingId: meeting.id, itemId: itemB.id, decision: 'x y', ownerOrgId: 'nobody', followUpDate: date },
  });
  assert.equal(badOwner.errors?.[0]?.extensions?.field, 'input.ownerOrgId');

  const partnerView = await ok('PARTNER', `{ openFollowUps { orgId items { id title } } jointMeetings { items { id } } }`);
  assert.deepEqual(
    partnerView.openFollowUps.map((u: any) => u.orgId),
    [school],
  );
  assert.deepEqual(
    partnerView.openFollowUps[0].items.map((i: any) => i.id),
    [itemA.id],
  );
  assert.ok(
    partnerView.jointMeetings.every((m: any) => m.items.every((i: any) => i.id === itemA.id)),
    'the school sees only its own items',
  );
  const staffView = (
    await ok('COMMUNITY_STAFF', `query ($c: ID) { openFollowUps(communityId: $c) { orgId items { id } } }`, { c: community0 })
  ).openFollowUps;
  assert.deepEqual(staffView.map((u: any) => u.orgId).sort(), [police, school].sort());

  const notMine = await call('PARTNER', `mutation ($m: ID!, $i: ID!) { completeFollowUp(meetingId: $m, itemId: $i) { id } }`, {
    m: meeting.id,
    i: itemB.id,
  });
  assert.equal(notMine.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  await ok('PARTNER', `mutation ($m: ID!, $i: ID!) { completeFollowUp(meetingId: $m, itemId: $i) { id } }`, { m: meeting.id, i: itemA.id });
  assert.deepEqual((await ok('PARTNER', `{ openFollowUps { orgId } }`)).openFollowUps, []);
  // The resident behind suggestion a (resident 0) sees the meeting, but not a housemate's suggestion in it.
  const residentView = await ok(
    'RESIDENT',
    `query ($r: ID!) { resident(id: $r) { suggestions { id jointMeeting { items { title suggestion { id text } } } } } }`,
    { r: id('demo:resident:0') },
  );
  const items = residentView.resident.suggestions.find((x: any) => x.id === a.id).jointMeeting.items;
  assert.deepEqual(
    items.map((i: any) => i.suggestion?.id ?? null),
    [a.id, null],
  );
  const answered = await ok(
    'COMMUNITY_STAFF',
    `mutation ($id: ID!) { replyToSuggestion(id: $id, text: "联席会决定:上下学时段安排护学岗", final: true) { status } }`,
    { id: a.id },
  );
  assert.equal(answered.replyToSuggestion.status, 'ANSWERED');
});

test('evening and weekend slots: never more bookings than seats under a burst; cancelling gives the seat back', async () => {
  // The next Saturday (a weekend slot) and a weekday daytime slot, which is refused.
  let saturday = new Date(Date.now() + 8 * 3_600_000 + 7 * 86_400_000);
  while (saturday.getUTCDay() !== 6) saturday = new Date(saturday.getTime() + 86_400_000);
  const sat = saturday.toISOString().slice(0, 10);
  const monday = new Date(saturday.getTime() + 2 * 86_400_000);
  const mon = monday.toISOString().slice(0, 10);
  const publish = `mutation ($i: PublishAppointmentSlotsInput!) { publishAppointmentSlots(input: $i) { id date start kind capacity remaining } }`;
  const daytime = await call('COMMUNITY_STAFF', publish, {
    i: { communityId: community0, slots: [{ date: mon, start: '09:00', end: '10:00', capacity: 3 }] },
  });
  assert.equal(daytime.errors?.[0]?.extensions?.field, 'input.slots[0].start');
  const slots = (
    await ok('COMMUNITY_STAFF', publish, {
      i: {
        communityId: community0,
        slots: [
          { date: sat, start: '09:00', end: '11:00', capacity: 3 },
          { date: mon, start: '18:30', end: '20:00', capacity: 2 },
        ],
      },
    })
  ).publishAppointmentSlots;
  const slot = slots.find((s: any) => s.date === sat);
  assert.equal(slot.kind, 'WEEKEND');
  assert.equal(slots.find((s: any) => s.date === mon).kind, 'EVENING');

  const residents = (await myResidents()).slice(0, 10);
  const book = `mutation ($i: BookAppointmentInput!) { bookAppointment(input: $i) { outcome appointment { id slot { remaining } } } }`;
  const results = await Promise.all(
    residents.map((r) =>
      ok('GRID_WORKER', book, { i: { clientRequestId: key(), slotId: slot.id, residentId: r.id, typeCode: 'SOCIAL_INSURANCE' } }),
    ),
  );
  const outcomes = results.map((r) => r.bookAppointment.outcome);
  assert.equal(outcomes.filter((o) => o === 'BOOKED').length, 3, JSON.stringify(outcomes));
  assert.equal(outcomes.filter((o) => o === 'FULL').length, 7);
  const after = (
    await ok(
      'COMMUNITY_STAFF',
      `query ($c: ID!, $d: LocalDate!) { appointmentSlots(communityId: $c, from: $d, to: $d) { id remaining } }`,
      { c: community0, d: sat },
    )
  ).appointmentSlots;
  assert.equal(after.find((s: any) => s.id === slot.id).remaining, 0);

  const booked = results.find((r) => r.bookAppointment.outcome === 'BOOKED')!.bookAppointment.appointment;
  const bookedResident = residents[results.findIndex((r) => r.bookAppointment.appointment?.id === booked.id)]!;
  const twice = await ok('GRID_WORKER', book, {
    i: { clientRequestId: key(), slotId: slot.id, residentId: bookedResident.id, typeCode: 'SOCIAL_INSURANCE' },
  });
  assert.equal(twice.bookAppointment.outcome, 'ALREADY_BOOKED');
  await ok('GRID_WORKER', `mutation ($id: ID!) { cancelAppointment(id: $id) { status } }`, { id: booked.id });
  const freed = (
    await ok(
      'COMMUNITY_STAFF',
      `query ($c: ID!, $d: LocalDate!) { appointmentSlots(communityId: $c, from: $d, to: $d) { id remaining } }`,
      { c: community0, d: sat },
    )
  ).appointmentSlots;
  assert.equal(freed.find((s: any) => s.id === slot.id).remaining, 1);
  const again = await ok('GRID_WORKER', book, {
    i: { clientRequestId: key(), slotId: slot.id, residentId: bookedResident.id, typeCode: 'SOCIAL_INSURANCE' },
  });
  assert.equal(again.bookAppointment.outcome, 'BOOKED', 'after cancelling, the resident may book again');
});

test('the due date counts statutory working days: taken the day before National Day, the make-up Saturday counts', async () => {
  // Received on 30 September (a working day); 5 working days for a pension card: 8, 9, 10 (make-up
  // Saturday), 12 and 13 October. Requests written down later keep their receipt time; this one is
  // accepted only while 30 September is within the last 30 days, so the expectation is computed.
  const receivedAt = '2026-09-30T10:00:00+08:00';
  const body = await create('GRID_WORKER', {
    clientRequestId: key(),
    residentId: id('demo:resident:0'),
    typeCode: 'PENSION_CARD',
    receivedAt,
  });
  if (Date.now() - Date.parse(receivedAt) <= 30 * 86_400_000) {
    assert.equal(body.data.createServiceRequest.dueDate, '2026-10-13');
  } else {
    assert.equal(body.errors?.[0]?.extensions?.field, 'input.receivedAt', 'older than 30 days is refused');
  }
  const recent = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const late = (
    await create('GRID_WORKER', { clientRequestId: key(), residentId: id('demo:resident:0'), typeCode: 'PENSION_CARD', receivedAt: recent })
  ).data.createServiceRequest;
  assert.equal(late.dueDate, addWorkingDays(new Date(Date.parse(recent) + 8 * 3_600_000).toISOString().slice(0, 10), 5));
});

test('two concurrent changes of one request: one lands, the other gets CONFLICT', async () => {
  const rid = (await create('GRID_WORKER', { clientRequestId: key(), residentId: id('demo:resident:0'), typeCode: 'PROPERTY_SERVICE' }))
    .data.createServiceRequest.id;
  const results = await Promise.all(
    ['MATERIALS_COLLECTED', 'REJECTED', 'WITHDRAWN', 'MATERIALS_COLLECTED'].map((to) =>
      call('GRID_WORKER', ADVANCE, { input: { id: rid, to, rejectionReason: '材料不全且无法补齐' } }),
    ),
  );
  assert.equal(
    results.filter((r) => !r.errors).length,
    1,
    JSON.stringify(results.map((r) => r.errors?.[0]?.extensions?.code ?? r.data.advanceServiceRequest.status)),
  );
  assert.ok(
    results
      .filter((r) => r.errors)
      .every((r) => r.errors![0]!.extensions?.code === 'CONFLICT' || r.errors![0]!.extensions?.code === 'BAD_USER_INPUT'),
  );
  const final = await ok('GRID_WORKER', `query ($id: ID!) { serviceRequest(id: $id) { timeline { to } } }`, { id: rid });
  assert.equal(final.serviceRequest.timeline.length, 2, 'exactly one step recorded');
});

test("a housemate's requests stay hidden, and someone else's idempotency key gets CONFLICT, not the record", async () => {
  const clientRequestId = key();
  const housemate = (
    await create('GRID_WORKER', { clientRequestId, residentId: id('demo:resident:1'), typeCode: 'OUTPATIENT_MAJOR_ILLNESS' })
  ).data.createServiceRequest;
  const view = await ok('RESIDENT', `query ($r: ID!) { resident(id: $r) { household { members { id serviceRequests { id } } } } }`, {
    r: id('demo:resident:0'),
  });
  const member1 = view.resident.household.members.find((m: any) => m.id === id('demo:resident:1'));
  assert.ok(
    member1.serviceRequests.every((r: any) => r.id !== housemate.id),
    "a resident does not see a housemate's 门诊大病 request",
  );
  const stolen = await call('RESIDENT', CREATE, {
    input: { clientRequestId, residentId: id('demo:resident:0'), typeCode: 'PROPERTY_SERVICE', channel: 'WECHAT' },
  });
  assert.equal(stolen.errors?.[0]?.extensions?.code, 'CONFLICT');
  assert.equal(stolen.data, null);
});

test('S5: a grid worker cannot cancel an appointment of a resident outside its grids', async () => {
  let sunday = new Date(Date.now() + 8 * 3_600_000 + 14 * 86_400_000);
  while (sunday.getUTCDay() !== 0) sunday = new Date(sunday.getTime() + 86_400_000);
  const publish = `mutation ($i: PublishAppointmentSlotsInput!) { publishAppointmentSlots(input: $i) { id } }`;
  const [slot] = (
    await ok('COMMUNITY_STAFF', publish, {
      i: { communityId: community0, slots: [{ date: sunday.toISOString().slice(0, 10), start: '15:00', end: '16:00', capacity: 2 }] },
    })
  ).publishAppointmentSlots;
  const book = `mutation ($i: BookAppointmentInput!) { bookAppointment(input: $i) { outcome appointment { id } } }`;
  const booked = (
    await ok('GRID_WORKER', book, {
      i: { clientRequestId: key(), slotId: slot.id, residentId: id('demo:resident:0'), typeCode: 'SOCIAL_INSURANCE' },
    })
  ).bookAppointment;
  assert.equal(booked.outcome, 'BOOKED');
  // The worker of another grid of the same community: the booking is not there for it.
  const other = await issueToken(stack.keysDir, {
    ...DEMO_USERS.GRID_WORKER,
    sub: 'demo-grid-worker-001',
    staff_id: id('demo:staff:5'),
    grid_ids: [id('demo:grid:0-0-1')],
  });
  const cancel = `mutation ($id: ID!) { cancelAppointment(id: $id) { status } }`;
  const refused = await gql(stack.gatewayUrl, cancel, { id: booked.appointment.id }, { authorization: `Bearer ${other}` });
  assert.equal(refused.body.errors?.[0]?.extensions?.code, 'NOT_FOUND', JSON.stringify(refused.body));
  assert.equal(
    (await ok('GRID_WORKER', cancel, { id: booked.appointment.id })).cancelAppointment.status,
    'CANCELLED',
    'it was still booked for its own grid’s worker',
  );
});

test('S12: period figures for a year like 0000 are BAD_USER_INPUT naming the field, in Chinese and English', async () => {
  const stats = `query ($c: ID!, $from: LocalDate!, $to: LocalDate!) { serviceRequestStats(communityId: $c, from: $from, to: $to) { total } }`;
  for (const [from, to, field] of [
    ['0000-01-01', '0000-12-31', 'from'],
    ['2026-01-01', '9999-12-31', 'to'],
  ] as const) {
    const body = await call('COMMUNITY_STAFF', stats, { c: community0, from, to });
    assert.equal(body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(body.errors));
    assert.equal(body.errors?.[0]?.extensions?.field, field);
    assert.match(body.errors![0]!.message, /[\u4e00-\u9fff].*\(between/);
  }
});
