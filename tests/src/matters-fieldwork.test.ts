// Doorstep matters and joint meetings as the seeds work them (issue 16, items 6, 8 and part of 10):
// materials ticked one by one, an appointment that becomes a request, 定制服务 slots on statutory
// holidays, a decision followed up by several units each on its own part, the bi-monthly meeting
// scheduled from the last one, and staff named beside their ids. Every call goes through the
// gateway; every refusal is checked for its code, its field and that it wrote nothing.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import mongoose from 'mongoose';
import { DEMO_USERS, issueToken } from '@jwh/gateway/dev-keys';
import { addDays, addWorkingDays } from '@jwh/platform';
import { demoId as id, roleClient, type GraphQLErrorBody } from '@jwh/testkit';
import { env } from './environment.js';
import { as, stackForTests } from './harness.js';

const stack = stackForTests();
// 美湖 (its units: the police station, the school, the property company) and 凤凰山.
const [community0, community1] = [id('demo:community:0'), id('demo:community:1')];
const [police, school, property] = ['police', 'school', 'property'].map((k) => id(`demo:org:${k}`)) as [string, string, string];
type Who = keyof typeof DEMO_USERS | 'OTHER_STAFF' | 'POLICE' | 'SCHOOL';
const tokens: Partial<Record<Who, string>> = {};
const { call, ok } = roleClient<Who>(
  () => stack.gatewayUrl,
  (who) => (who in DEMO_USERS ? as(stack, who as keyof typeof DEMO_USERS) : { authorization: `Bearer ${tokens[who]}` }),
);
let conn: mongoose.Connection | undefined;
/** Tokens of the other community's secretary and of two units, and a database connection, once the stack is up. */
async function setUp() {
  tokens.OTHER_STAFF ??= await issueToken(stack.keysDir, { sub: 'other-secretary', role: 'COMMUNITY_STAFF', community_ids: [community1] });
  tokens.POLICE ??= await issueToken(stack.keysDir, { sub: 'unit-police', role: 'PARTNER', org_id: police, org_kind: 'POLICE_STATION' });
  tokens.SCHOOL ??= await issueToken(stack.keysDir, { sub: 'unit-school', role: 'PARTNER', org_id: school, org_kind: 'SCHOOL' });
  conn ??= await mongoose.createConnection(env.MONGO_URL).asPromise();
  return conn.useDb(`${stack.common.MONGO_DB_PREFIX}service_matters`).db!;
}
after(async () => {
  await conn?.close();
});
let n = 0;
const key = (prefix: string) => `${prefix}-${Date.now()}-${n++}`;
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Every document of service matters' collections that these flows write: a refusal changes none of them. */
async function snapshot() {
  const db = await setUp();
  const all = async (name: string) => JSON.stringify(await db.collection(name).find({}).sort({ _id: 1 }).toArray());
  const names = ['servicerequests', 'appointments', 'appointmentslots', 'jointmeetings'];
  return Object.fromEntries(await Promise.all(names.map(async (c) => [c, await all(c)] as const)));
}

/** The call is refused with `code` (and, for bad input, `field` and a Chinese message), and nothing was written. */
async function refused(who: Who, query: string, variables: Record<string, unknown>, code: string, field?: string, message?: RegExp) {
  const before = await snapshot();
  const body = await call(who, query, variables);
  const e = (body as { errors?: GraphQLErrorBody[] }).errors?.[0];
  assert.equal(e?.extensions?.code, code, `${JSON.stringify(variables).slice(0, 200)} → ${JSON.stringify(body.errors)}`);
  if (field) assert.equal(e?.extensions?.field, field, JSON.stringify(body.errors));
  if (field) assert.match(e!.message, /[\u4e00-\u9fff].*\(.*[a-z].*\)/u, 'Chinese, with English in brackets');
  if (message) assert.match(e!.message, message);
  assert.deepEqual(await snapshot(), before, `${field ?? code}: nothing written`);
  return e!;
}

const STAFF = `staff: takenByStaff { id name }`;
const REQUEST = `id status takenBy ${STAFF} appointment { id serviceRequest { id } }
  materials { name collected collectedAt collectedBy collectedByStaff { id name } }
  timeline { from to by byName byStaff { id name } }`;
const CREATE = `mutation ($i: CreateServiceRequestInput!) { createServiceRequest(input: $i) { ${REQUEST} } }`;
const TICK = `mutation ($i: TickMaterialsInput!) { tickMaterials(input: $i) { ${REQUEST} } }`;
const ADVANCE = `mutation ($i: AdvanceServiceRequestInput!) { advanceServiceRequest(input: $i) { ${REQUEST} } }`;

test('seed 001: a worker ticks an elder’s pension-card materials one by one at the door; the request goes on only when all are in, and names who did what', async () => {
  const worker = DEMO_USERS.GRID_WORKER;
  const workerName = (await ok('COMMUNITY_STAFF', `query ($id: ID!) { staffMember(id: $id) { name } }`, { id: worker.staff_id }))
    .staffMember.name as string;
  assert.ok(workerName.length >= 2);
  const input = { clientRequestId: key('fw'), residentId: id('demo:resident:0'), typeCode: 'PENSION_CARD', channel: 'DOORSTEP' };
  const r = (await ok('GRID_WORKER', CREATE, { i: { ...input, materialsCollected: ['身份证'] } })).createServiceRequest;
  // The ID card was shown at the door: ticked with who and when; the old card not yet.
  assert.deepEqual(
    r.materials.map((m: any) => [m.name, m.collected, m.collectedBy, m.collectedByStaff?.name ?? null]),
    [
      ['身份证', true, worker.sub, workerName],
      ['原养老金卡', false, null, null],
    ],
  );
  assert.ok(Date.parse(r.materials[0].collectedAt) > Date.now() - 60_000);
  // Names beside the ids: who took it, who made each step.
  assert.deepEqual(r.staff, { id: worker.staff_id, name: workerName });
  assert.equal(r.takenBy, worker.staff_id, 'the id field is kept');
  assert.deepEqual(r.timeline[0], {
    from: 'NEW',
    to: 'RECEIVED',
    by: worker.sub,
    byName: null,
    byStaff: { id: worker.staff_id, name: workerName },
  });

  // Not all in: the step is refused naming what is missing, and nothing moves.
  await refused('GRID_WORKER', ADVANCE, { i: { id: r.id, to: 'MATERIALS_COLLECTED' } }, 'BAD_USER_INPUT', 'input.to', /原养老金卡/);
  await refused('GRID_WORKER', TICK, { i: { id: r.id, materials: ['户口簿'], collected: true } }, 'BAD_USER_INPUT', 'input.materials[0]');
  await refused('GRID_WORKER', TICK, { i: { id: r.id, materials: [], collected: true } }, 'BAD_USER_INPUT', 'input.materials');
  await refused('RESIDENT', TICK, { i: { id: r.id, materials: ['原养老金卡'], collected: true } }, 'FORBIDDEN');
  await refused('OTHER_STAFF', TICK, { i: { id: r.id, materials: ['原养老金卡'], collected: true } }, 'NOT_FOUND');

  // The secretary ticks the old card at the desk; a retry keeps the first tick; an untick clears who and when.
  const ticked = (await ok('COMMUNITY_STAFF', TICK, { i: { id: r.id, materials: ['原养老金卡'], collected: true } })).tickMaterials;
  const card = ticked.materials[1];
  assert.deepEqual(
    [card.collected, card.collectedBy, card.collectedByStaff.id],
    [true, DEMO_USERS.COMMUNITY_STAFF.sub, DEMO_USERS.COMMUNITY_STAFF.staff_id],
  );
  const retried = (await ok('GRID_WORKER', TICK, { i: { id: r.id, materials: ['原养老金卡', '身份证'], collected: true } })).tickMaterials;
  assert.deepEqual(retried.materials, ticked.materials, 'ticking a ticked material keeps its first tick');
  const unticked = (await ok('GRID_WORKER', TICK, { i: { id: r.id, materials: ['身份证'], collected: false } })).tickMaterials;
  assert.deepEqual(unticked.materials[0], {
    name: '身份证',
    collected: false,
    collectedAt: null,
    collectedBy: null,
    collectedByStaff: null,
  });
  await refused('GRID_WORKER', ADVANCE, { i: { id: r.id, to: 'MATERIALS_COLLECTED' } }, 'BAD_USER_INPUT', 'input.to', /身份证/);
  await ok('GRID_WORKER', TICK, { i: { id: r.id, materials: ['身份证'], collected: true } });

  // All in: it goes on, the ticks as they were (not overwritten by the step).
  const collected = (await ok('GRID_WORKER', ADVANCE, { i: { id: r.id, to: 'MATERIALS_COLLECTED' } })).advanceServiceRequest;
  assert.equal(collected.status, 'MATERIALS_COLLECTED');
  assert.equal(collected.materials[1].collectedBy, DEMO_USERS.COMMUNITY_STAFF.sub);
  assert.equal(collected.timeline.at(-1).byStaff.name, workerName);
  await refused('GRID_WORKER', TICK, { i: { id: r.id, materials: ['身份证'], collected: false } }, 'BAD_USER_INPUT', 'input.id');

  // A step no staff member made is named in words: the eligibility check refers a young resident's senior card.
  const young = (await ok('GRID_WORKER', `{ residents(first: 200) { nodes { id age } } }`)).residents.nodes.find((x: any) => x.age < 60);
  const referred = (
    await ok('GRID_WORKER', CREATE, {
      i: { clientRequestId: key('fw'), residentId: young.id, typeCode: 'SENIOR_CARD', channel: 'DOORSTEP' },
    })
  ).createServiceRequest;
  assert.deepEqual(
    referred.timeline.map((t: any) => [t.to, t.byName, t.byStaff?.id ?? null]),
    [
      ['RECEIVED', null, worker.staff_id],
      ['REFERRED', '资格自动核验 (eligibility check)', null],
    ],
  );
  // A worker's figures name the worker.
  const stats = (
    await ok(
      'COMMUNITY_STAFF',
      `query ($c: ID!, $d: LocalDate!) { serviceRequestStats(communityId: $c, from: $d, to: $d) { byWorker { staffId staff { id name } total } } }`,
      { c: community0, d: today() },
    )
  ).serviceRequestStats;
  const mine = stats.byWorker.find((w: any) => w.staffId === worker.staff_id);
  assert.deepEqual(mine.staff, { id: worker.staff_id, name: workerName });
  assert.ok(mine.total >= 2);
});

const PUBLISH = `mutation ($i: PublishAppointmentSlotsInput!) { publishAppointmentSlots(input: $i) { id date start kind holiday } }`;
const BOOK = `mutation ($i: BookAppointmentInput!) { bookAppointment(input: $i) { outcome appointment { id } } }`;
const START = `mutation ($a: ID!) { startRequestFromAppointment(appointmentId: $a) { ${REQUEST} type { code } resident { id } channel } }`;
const slot = (date: string, start: string) => ({
  date,
  start,
  end: start.replace(/^(\d\d)/, (h) => String(Number(h) + 1).padStart(2, '0')),
  capacity: 3,
});

test('seed 001: 定制服务 on 元旦 and in the National Day week; a 调休 Saturday is a working day; a booking becomes a request once', async () => {
  // 2027's arrangement is not published yet: 元旦 is still the statutory holiday. A Saturday inside
  // National Day is a holiday; 10 October 2026 was a make-up working Saturday (调休): daytime refused.
  const published = (
    await ok('COMMUNITY_STAFF', PUBLISH, {
      i: { communityId: community0, slots: [slot('2027-01-01', '09:00'), slot('2026-10-03', '10:00'), slot('2026-10-10', '18:30')] },
    })
  ).publishAppointmentSlots;
  assert.deepEqual(
    published.map((s: any) => [s.date, s.kind, s.holiday]),
    [
      ['2026-10-03', 'HOLIDAY', '国庆节'],
      ['2026-10-10', 'EVENING', null],
      ['2027-01-01', 'HOLIDAY', '元旦'],
    ],
  );
  await refused(
    'COMMUNITY_STAFF',
    PUBLISH,
    { i: { communityId: community0, slots: [slot('2027-01-02', '14:00'), slot('2026-10-10', '09:00')] } },
    'BAD_USER_INPUT',
    'input.slots[1].start',
    /调休/,
  );
  await refused(
    'COMMUNITY_STAFF',
    PUBLISH,
    { i: { communityId: community0, slots: [slot('2027-01-04', '09:00')] } },
    'BAD_USER_INPUT',
    'input.slots[0].start',
    /法定节假日/,
  );

  // A resident of the worker's grid books the 元旦 slot; the worker turns the booking into a request.
  const residents = (await ok('GRID_WORKER', `{ residents(first: 20) { nodes { id } } }`)).residents.nodes as { id: string }[];
  const holidaySlot = published.find((s: any) => s.date === '2027-01-01').id;
  const book = async (residentId: string) =>
    (await ok('GRID_WORKER', BOOK, { i: { clientRequestId: key('fw-book'), slotId: holidaySlot, residentId, typeCode: 'PENSION_CARD' } }))
      .bookAppointment.appointment.id as string;
  const [a1, a2, a3] = [await book(residents[0]!.id), await book(residents[1]!.id), await book(residents[2]!.id)];
  await refused('RESIDENT', START, { a: a1 }, 'FORBIDDEN');
  await refused('OTHER_STAFF', START, { a: a1 }, 'NOT_FOUND');
  await refused('GRID_WORKER', START, { a: 'not-an-id' }, 'BAD_USER_INPUT', 'appointmentId');
  // Nobody can take the appointment's request key first and have a request of theirs planted on it.
  await refused(
    'COMMUNITY_STAFF',
    CREATE,
    { i: { clientRequestId: `appointment:${a1}`, residentId: id('demo:resident:0'), typeCode: 'PENSION_CARD', channel: 'RECEPTION' } },
    'BAD_USER_INPUT',
    'input.clientRequestId',
  );
  const r = (await ok('GRID_WORKER', START, { a: a1 })).startRequestFromAppointment;
  assert.deepEqual([r.status, r.type.code, r.resident.id, r.channel], ['RECEIVED', 'PENSION_CARD', residents[0]!.id, 'RECEPTION']);
  assert.deepEqual(r.appointment, { id: a1, serviceRequest: { id: r.id } }, 'linked both ways');
  assert.equal(r.staff.id, DEMO_USERS.GRID_WORKER.staff_id);
  // Once: a retry by someone else, and two racing calls, get the same request.
  assert.equal((await ok('COMMUNITY_STAFF', START, { a: a1 })).startRequestFromAppointment.id, r.id);
  const raced = await Promise.all([ok('GRID_WORKER', START, { a: a2 }), ok('COMMUNITY_STAFF', START, { a: a2 })]);
  assert.equal(raced[0].startRequestFromAppointment.id, raced[1].startRequestFromAppointment.id);
  const db = await setUp();
  for (const a of [a1, a2]) assert.equal(await db.collection('servicerequests').countDocuments({ clientRequestId: `appointment:${a}` }), 1);
  // A cancelled booking does not become a request.
  await ok('GRID_WORKER', `mutation ($id: ID!) { cancelAppointment(id: $id) { status } }`, { id: a3 });
  await refused('GRID_WORKER', START, { a: a3 }, 'BAD_USER_INPUT', 'appointmentId');
});

const SCHEDULE = `mutation ($i: ScheduleJointMeetingInput!) { scheduleJointMeeting(input: $i) { id date } }`;
const PART = `unitId unitName task status doneAt doneBy doneByStaff { id name }`;
const MEETING = `id date units { orgId } previousMeeting { id } nextMeeting { id } items { id title status ownerUnitIds parts { ${PART} } }`;
/** A community's meetings, as few fields as the list's cost allows. */
const MEETINGS = `query ($c: ID) { jointMeetings(communityId: $c) { id date nextMeeting { id } items { id parts { unitId unitName status } } } }`;
const DECIDE = `mutation ($i: DecideAgendaItemInput!) { decideAgendaItem(input: $i) { ${MEETING} } }`;
const COMPLETE = `mutation ($m: ID!, $i: ID!, $u: ID) { completeFollowUp(meetingId: $m, itemId: $i, unitId: $u) { ${MEETING} } }`;
const NEXT = `mutation ($m: ID!, $d: LocalDate) { scheduleNextJointMeeting(meetingId: $m, date: $d) { ${MEETING} } }`;

test('seed 004: the school-gate decision has three owners (派出所 with 交警, the school, the community), each completing its part; follow-ups only in the future; the next meeting two months on', async () => {
  const date = addDays(today(), 14);
  const meeting = (await ok('COMMUNITY_STAFF', SCHEDULE, { i: { communityId: community0, date, unitIds: [police, school] } }))
    .scheduleJointMeeting;
  const suggestion = (
    await ok('COMMUNITY_STAFF', `mutation ($i: CreateSuggestionInput!) { createSuggestion(input: $i) { id } }`, {
      i: { clientRequestId: key('fw-s'), residentId: null, source: 'LIAISON_DAY', category: '交通', text: '放学时间学校门口太堵' },
    })
  ).createSuggestion;
  const escalated = (
    await ok(
      'COMMUNITY_STAFF',
      `mutation ($id: ID!) { escalateSuggestion(id: $id, title: "学校门口放学拥堵") { jointMeeting { id items { id } } } }`,
      {
        id: suggestion.id,
      },
    )
  ).escalateSuggestion.jointMeeting;
  assert.equal(escalated.id, meeting.id);
  const itemId = escalated.items[0].id as string;
  const parts = [
    { unitId: police, task: '联合交警开展一次现场协调整治' },
    { unitId: school, task: '动员家长担任志愿者' },
    { unitId: community0, task: '组织志愿者做好路况劝导' },
  ];
  const decide = (extra: Record<string, unknown> = {}) => ({
    i: {
      meetingId: meeting.id,
      itemId,
      decision: '学校后面的市政道路划作接送车辆临时停车区',
      parts,
      followUpDate: addDays(today(), 30),
      ...extra,
    },
  });
  // Follow-up dates are after today in Asia/Shanghai; owners are units of the meeting or the community itself.
  await refused('COMMUNITY_STAFF', DECIDE, decide({ followUpDate: today() }), 'BAD_USER_INPUT', 'input.followUpDate');
  await refused('COMMUNITY_STAFF', DECIDE, decide({ followUpDate: addDays(today(), -1) }), 'BAD_USER_INPUT', 'input.followUpDate');
  await refused('COMMUNITY_STAFF', DECIDE, decide({ parts: [parts[0], { unitId: property }] }), 'BAD_USER_INPUT', 'input.parts[1].unitId');
  const decided = (await ok('COMMUNITY_STAFF', DECIDE, decide())).decideAgendaItem.items[0];
  assert.deepEqual(decided.ownerUnitIds, [police, school, community0]);
  assert.deepEqual(
    decided.parts.map((p: any) => [p.unitName, p.task, p.status]),
    [
      ['美湖派出所', parts[0]!.task, 'OPEN'],
      ['美湖小学', parts[1]!.task, 'OPEN'],
      ['社区居委会', parts[2]!.task, 'OPEN'],
    ],
  );

  // The police station completes its own part; a retry changes nothing; it cannot complete the school's.
  await setUp();
  const byPolice = (await ok('POLICE', COMPLETE, { m: meeting.id, i: itemId })).completeFollowUp.items[0];
  assert.deepEqual([byPolice.status, byPolice.parts.map((p: any) => p.status)], ['OPEN', ['DONE', 'OPEN', 'OPEN']]);
  assert.deepEqual([byPolice.parts[0].doneBy, byPolice.parts[0].doneByStaff], ['unit-police', null]);
  const again = (await ok('POLICE', COMPLETE, { m: meeting.id, i: itemId })).completeFollowUp.items[0];
  assert.equal(again.parts[0].doneAt, byPolice.parts[0].doneAt, 'done again is no change');
  await refused('POLICE', COMPLETE, { m: meeting.id, i: itemId, u: school }, 'BAD_USER_INPUT', 'unitId');
  // Staff must say whose part is done while two are open.
  await refused('COMMUNITY_STAFF', COMPLETE, { m: meeting.id, i: itemId }, 'BAD_USER_INPUT', 'unitId');
  await refused('COMMUNITY_STAFF', COMPLETE, { m: meeting.id, i: itemId, u: property }, 'BAD_USER_INPUT', 'unitId');
  const open = (
    await ok('COMMUNITY_STAFF', `query ($c: ID) { openFollowUps(communityId: $c) { orgId name items { id } } }`, { c: community0 })
  ).openFollowUps;
  assert.deepEqual(
    open.filter((g: any) => g.items.some((i: any) => i.id === itemId)).map((g: any) => [g.orgId, g.name]),
    [
      [school, '美湖小学'],
      [community0, '社区居委会'],
    ],
  );
  await ok('SCHOOL', COMPLETE, { m: meeting.id, i: itemId });
  const done = (await ok('COMMUNITY_STAFF', COMPLETE, { m: meeting.id, i: itemId, u: community0 })).completeFollowUp.items[0];
  assert.equal(done.status, 'DONE', 'done when every part is');
  assert.equal(done.parts[2].doneByStaff.id, DEMO_USERS.COMMUNITY_STAFF.staff_id);
  assert.ok(done.parts[2].doneByStaff.name.length >= 2);

  // A decision from before parts (one free-text owner) still reads, as that owner's part, and completes.
  const db = await setUp();
  const oldId = new mongoose.Types.ObjectId();
  const oldItem = {
    _id: new mongoose.Types.ObjectId(),
    title: '楼道堆物',
    decision: '物业清理',
    ownerOrgId: 'property-0',
    followUpDate: '2026-01-10',
    status: 'OPEN',
  };
  await db.collection('jointmeetings').insertOne({
    _id: oldId,
    communityId: new mongoose.Types.ObjectId(community0),
    date: '2026-01-05',
    units: [{ orgId: 'property-0', name: '物业', kind: 'PROPERTY' }],
    unitOrgIds: ['property-0'],
    items: [oldItem],
    revision: 0,
  });
  const old = (await ok('COMMUNITY_STAFF', MEETINGS, { c: community0 })).jointMeetings.find((m: any) => m.id === String(oldId));
  assert.deepEqual(
    old.items[0].parts.map((p: any) => [p.unitId, p.unitName, p.status]),
    [['property-0', '物业', 'OPEN']],
  );
  const closed = (await ok('COMMUNITY_STAFF', COMPLETE, { m: String(oldId), i: String(oldItem._id) })).completeFollowUp.items[0];
  assert.deepEqual([closed.status, closed.parts[0].status], ['DONE', 'DONE']);

  // The next meeting, two months on (the next working day), with the same units: once, however often asked.
  await refused('COMMUNITY_STAFF', NEXT, { m: meeting.id, d: date }, 'BAD_USER_INPUT', 'date');
  await refused('POLICE', NEXT, { m: meeting.id }, 'FORBIDDEN');
  const [first, second] = await Promise.all([
    ok('COMMUNITY_STAFF', NEXT, { m: meeting.id }),
    ok('COMMUNITY_STAFF', NEXT, { m: meeting.id }),
  ]);
  const next = first.scheduleNextJointMeeting;
  assert.equal(second.scheduleNextJointMeeting.id, next.id);
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const twoMonths = new Date(Date.UTC(y, mo + 1, Math.min(d, new Date(Date.UTC(y, mo + 2, 0)).getUTCDate()))).toISOString().slice(0, 10);
  assert.equal(next.date, addWorkingDays(twoMonths, 0));
  assert.deepEqual(next.units, [{ orgId: police }, { orgId: school }]);
  assert.deepEqual(next.previousMeeting, { id: meeting.id });
  assert.equal((await ok('COMMUNITY_STAFF', NEXT, { m: meeting.id, d: addDays(next.date, 3) })).scheduleNextJointMeeting.id, next.id);
  const meetings = (await ok('COMMUNITY_STAFF', MEETINGS, { c: community0 })).jointMeetings;
  assert.equal(meetings.find((m: any) => m.id === meeting.id).nextMeeting.id, next.id);
  assert.equal(meetings.filter((m: any) => m.date === next.date).length, 1);

  // The rest of the year at once: the series follows the meeting already scheduled, every two months.
  const SERIES = `mutation ($m: ID!, $n: Int!) { scheduleJointMeetingSeries(meetingId: $m, count: $n) { id date previousMeeting { id } } }`;
  const before = (await ok('COMMUNITY_STAFF', MEETINGS, { c: community0 })).jointMeetings.length;
  await refused('COMMUNITY_STAFF', SERIES, { m: meeting.id, n: 7 }, 'BAD_USER_INPUT', 'count');
  await refused('POLICE', SERIES, { m: meeting.id, n: 3 }, 'FORBIDDEN');
  assert.equal((await ok('COMMUNITY_STAFF', MEETINGS, { c: community0 })).jointMeetings.length, before, 'refusals schedule nothing');
  const series = (await ok('COMMUNITY_STAFF', SERIES, { m: meeting.id, n: 3 })).scheduleJointMeetingSeries;
  assert.equal(series[0].id, next.id, 'the next meeting already scheduled is the first of the series');
  for (let k = 1; k < 3; k++) {
    assert.equal(series[k].previousMeeting.id, series[k - 1].id);
    assert.ok(series[k].date > series[k - 1].date);
    const gap = (Date.parse(series[k].date) - Date.parse(series[k - 1].date)) / 86_400_000;
    assert.ok(gap >= 56 && gap <= 66, `about two months apart: ${gap} days`);
  }
  const repeated = (await ok('COMMUNITY_STAFF', SERIES, { m: meeting.id, n: 3 })).scheduleJointMeetingSeries;
  assert.deepEqual(
    repeated.map((m: { id: string }) => m.id),
    series.map((m: { id: string }) => m.id),
    'a retry schedules nothing twice',
  );
  assert.equal((await ok('COMMUNITY_STAFF', MEETINGS, { c: community0 })).jointMeetings.length, before + 2);
});
