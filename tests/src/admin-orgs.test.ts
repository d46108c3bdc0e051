// The registry of rooms, organisations, partner units, alliances and canteens (issue 15, item 6),
// and joint-meeting items owned by registered units: every mutation through the gateway, checked
// through the graph (and the change log), scoped by role, and refusing bad input field by field
// without writing anything.
import { DEMO_USERS, issueToken } from '@jwh/gateway/dev-keys';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import mongoose from 'mongoose';
import { env } from './environment.js';
import { as, stackForTests } from './harness.js';
import { demoId as id, roleClient, type GraphQLErrorBody } from '@jwh/testkit';

const stack = stackForTests();
const community0 = id('demo:community:0');
const community1 = id('demo:community:1');
type Who = keyof typeof DEMO_USERS | 'OTHER_STAFF';
let otherStaff = '';
const { call, ok } = roleClient<Who>(
  () => stack.gatewayUrl,
  (role) => (role === 'OTHER_STAFF' ? { authorization: `Bearer ${otherStaff}` } : as(stack, role)),
);
let conn: mongoose.Connection | undefined;
/** The other community's secretary (凤凰山) and a database connection, once the stack is up. */
async function setUp() {
  otherStaff ||= await issueToken(stack.keysDir, { sub: 'other-secretary', role: 'COMMUNITY_STAFF', community_ids: [community1] });
  conn ??= await mongoose.createConnection(env.MONGO_URL).asPromise();
  return conn;
}
after(async () => {
  await conn?.close();
});
let n = 0;
const unique = (prefix: string) => `${prefix}${Date.now() % 100_000}${n++}`;

/** Documents of the registry, the joint meetings and the change log: a refused write changes none of them. */
async function counts() {
  const c = await setUp();
  const db = (name: string) => c.useDb(`${stack.common.MONGO_DB_PREFIX}${name}`).db!;
  const v = db('volunteers');
  const [organizations, rooms, alliances, meetings, changes] = await Promise.all([
    v.collection('organizations').countDocuments({}),
    v.collection('rooms').countDocuments({}),
    v.collection('alliances').countDocuments({}),
    db('service_matters').collection('jointmeetings').countDocuments({}),
    db('change_log').collection('changerecords').countDocuments({}),
  ]);
  return { organizations, rooms, alliances, meetings, changes };
}

const firstError = (body: { errors?: GraphQLErrorBody[] }) => body.errors?.[0];
/** The call is refused with `code` (and, for bad input, `field`), and nothing was written. */
async function refused(who: Who, query: string, variables: Record<string, unknown>, code: string, field?: string) {
  const before = await counts();
  const body = await call(who, query, variables);
  const e = firstError(body);
  assert.equal(e?.extensions?.code, code, `${JSON.stringify(variables).slice(0, 200)} → ${JSON.stringify(body.errors)}`);
  if (field) assert.equal(e?.extensions?.field, field, JSON.stringify(body.errors));
  if (field) assert.match(e!.message, /[\u4e00-\u9fff]/u, 'a message in Chinese (and English)');
  assert.deepEqual(await counts(), before, `${field ?? code}: nothing written`);
}

/** The change records of an entity as `who` reads them, newest first. */
async function changesOf(who: Who, entityId: string) {
  return (
    await ok(
      who,
      `query ($e: ID) { changes(entityId: $e, first: 20) { nodes { action role entityType reason fields { field before after } } } }`,
      { e: entityId },
    )
  ).changes.nodes as {
    action: string;
    role: string;
    entityType: string;
    reason: string | null;
    fields: { field: string; before: string | null; after: string | null }[];
  }[];
}

const CREATE_ROOM = `mutation ($i: CreateRoomInput!) { createRoom(input: $i) { id name kind capacity equipment status } }`;
const UPDATE_ROOM = `mutation ($i: UpdateRoomInput!) { updateRoom(input: $i) { id capacity name } }`;
const RETIRE_ROOM = `mutation ($id: ID!, $r: String!) { retireRoom(id: $id, reason: $r) { id status } }`;
const REGISTER = `mutation ($i: RegisterOrganizationInput!) { registerOrganization(input: $i) { id name kind contactName contactPhone status communityIds roomId rooms { id name } } }`;
const UPDATE_ORG = `mutation ($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { id name contactPhone services } }`;
const RETIRE_ORG = `mutation ($id: ID!, $r: String!) { retireOrganization(id: $id, reason: $r) { id status } }`;
const CREATE_ALLIANCE = `mutation ($i: CreateAllianceInput!) { createAlliance(input: $i) { id name kind communityIds members { id name } } }`;
const ADD_MEMBER = `mutation ($a: ID!, $o: ID!) { addAllianceMember(allianceId: $a, organizationId: $o) { id members { id } } }`;
const REMOVE_MEMBER = `mutation ($a: ID!, $o: ID!) { removeAllianceMember(allianceId: $a, organizationId: $o, reason: "退出联盟") { id members { id } } }`;
const REGISTER_CANTEEN = `mutation ($i: RegisterCanteenInput!) { registerCanteen(input: $i) { id name kind communityIds } }`;
const UPDATE_CANTEEN = `mutation ($i: UpdateCanteenInput!) { updateCanteen(input: $i) { id communityIds contactName } }`;
const SCHEDULE = `mutation ($i: ScheduleJointMeetingInput!) { scheduleJointMeeting(input: $i) { id units { orgId name kind } } }`;
const DECIDE = `mutation ($i: DecideAgendaItemInput!) { decideAgendaItem(input: $i) { id items { id ownerOrgId ownerUnitIds decision } } }`;

const orgInput = (name: string, extra: Record<string, unknown> = {}) => ({
  communityId: community0,
  name,
  kind: 'SOCIAL_ORGANIZATION',
  contactName: '沈丽华',
  contactPhone: '13951234567',
  services: ['课业辅导'],
  ...extra,
});

test('rooms: created (a retry finds the first), changed, retired only once no booking is held, each in the change log; another community cannot touch them', async () => {
  await setUp();
  const name = unique('多功能室');
  const input = { communityId: community0, name, kind: 'MULTI_PURPOSE', capacity: 30, equipment: ['投影仪'] };
  const room = (await ok('COMMUNITY_STAFF', CREATE_ROOM, { i: input })).createRoom;
  assert.deepEqual(
    { ...room, id: undefined },
    { id: undefined, name, kind: 'MULTI_PURPOSE', capacity: 30, equipment: ['投影仪'], status: 'ACTIVE' },
  );
  assert.equal((await ok('COMMUNITY_STAFF', CREATE_ROOM, { i: input })).createRoom.id, room.id, 'a retry returns the first room');
  await refused('COMMUNITY_STAFF', CREATE_ROOM, { i: { ...input, capacity: 10 } }, 'CONFLICT');
  const listed = async () =>
    (await ok('COMMUNITY_STAFF', `query ($c: ID!) { rooms(communityId: $c) { id capacity } }`, { c: community0 })).rooms as {
      id: string;
      capacity: number;
    }[];
  assert.ok((await listed()).some((r) => r.id === room.id));

  // Bad input, field by field: nothing written.
  for (const [patch, field] of [
    [{ communityId: 'nope' }, 'input.communityId'],
    [{ name: 'x' }, 'input.name'],
    [{ capacity: 0 }, 'input.capacity'],
    [{ capacity: 501 }, 'input.capacity'],
    [{ equipment: Array.from({ length: 21 }, (_, i) => `设备${i}`) }, 'input.equipment'],
    [{ equipment: [''] }, 'input.equipment[0]'],
  ] as const)
    await refused('COMMUNITY_STAFF', CREATE_ROOM, { i: { ...input, name: unique('会议室'), ...patch } }, 'BAD_USER_INPUT', field);
  // Scope: another community's id is NOT_FOUND (its existence not revealed); other roles FORBIDDEN.
  await refused('OTHER_STAFF', CREATE_ROOM, { i: { ...input, name: unique('会议室') } }, 'NOT_FOUND');
  for (const role of ['GRID_WORKER', 'STREET_ADMIN', 'PARTNER', 'RESIDENT'] as const)
    await refused(role, CREATE_ROOM, { i: { ...input, name: unique('会议室') } }, 'FORBIDDEN');

  assert.equal(
    (await ok('COMMUNITY_STAFF', UPDATE_ROOM, { i: { id: room.id, capacity: 36, reason: '加了椅子' } })).updateRoom.capacity,
    36,
  );
  assert.equal((await listed()).find((r) => r.id === room.id)!.capacity, 36);
  await refused('COMMUNITY_STAFF', UPDATE_ROOM, { i: { id: room.id, capacity: -1 } }, 'BAD_USER_INPUT', 'input.capacity');
  await refused('OTHER_STAFF', UPDATE_ROOM, { i: { id: room.id, capacity: 20 } }, 'NOT_FOUND');

  // A booking from today on holds the room: retiring is refused, saying so, until it is cancelled.
  const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
  const booking = (
    await ok('COMMUNITY_STAFF', `mutation ($i: BookRoomInput!) { bookRoom(input: $i) { outcome booking { id } } }`, {
      i: {
        clientRequestId: unique('admin-orgs-booking-'),
        roomId: room.id,
        title: '旗袍队排练',
        date: tomorrow,
        start: '14:00',
        end: '15:00',
      },
    })
  ).bookRoom;
  assert.equal(booking.outcome, 'BOOKED');
  const held = await call('COMMUNITY_STAFF', RETIRE_ROOM, { id: room.id, r: '改作仓库' });
  assert.equal(firstError(held)?.extensions?.code, 'CONFLICT');
  assert.match(firstError(held)!.message, /1 .*cancel them first/);
  await refused('COMMUNITY_STAFF', RETIRE_ROOM, { id: room.id, r: 'x' }, 'BAD_USER_INPUT', 'reason');
  await refused('OTHER_STAFF', RETIRE_ROOM, { id: room.id, r: '改作仓库' }, 'NOT_FOUND');
  await ok('COMMUNITY_STAFF', `mutation ($id: ID!) { cancelRoomBooking(id: $id) { status } }`, { id: booking.booking.id });
  assert.equal((await ok('COMMUNITY_STAFF', RETIRE_ROOM, { id: room.id, r: '改作仓库' })).retireRoom.status, 'RETIRED');
  assert.ok(!(await listed()).some((r) => r.id === room.id), 'a retired room leaves the list');
  const late = await call('COMMUNITY_STAFF', `mutation ($i: BookRoomInput!) { bookRoom(input: $i) { outcome } }`, {
    i: {
      clientRequestId: unique('admin-orgs-booking-'),
      roomId: room.id,
      title: '旗袍队排练',
      date: tomorrow,
      start: '16:00',
      end: '17:00',
    },
  });
  assert.equal(firstError(late)?.extensions?.code, 'NOT_FOUND', 'a retired room takes no booking');

  const log = await changesOf('COMMUNITY_STAFF', room.id);
  assert.deepEqual(
    log.map((c) => c.action),
    ['RETIRE', 'UPDATE', 'CREATE'],
  );
  assert.deepEqual(log[1]!.fields, [{ field: 'capacity', before: '30', after: '36' }]);
  assert.equal(log[1]!.reason, '加了椅子');
  assert.equal(log[0]!.reason, '改作仓库');
  assert.deepEqual(await changesOf('OTHER_STAFF', room.id), [], 'another community reads none of it');
});

test('organisations: two registered in rooms, put in an alliance, a canteen, a joint-meeting item owned by both; bad input and scope refused, nothing written', async () => {
  await setUp();
  // A room for them.
  const room = (
    await ok('COMMUNITY_STAFF', CREATE_ROOM, {
      i: { communityId: community0, name: unique('社会组织活动室'), kind: 'ACTIVITY', capacity: 24 },
    })
  ).createRoom;

  // Two organisations, the second a partner unit.
  const a = (await ok('COMMUNITY_STAFF', REGISTER, { i: orgInput(unique('彩虹课业辅导社'), { roomIds: [room.id] }) })).registerOrganization;
  assert.equal(a.kind, 'SOCIAL_ORGANIZATION');
  assert.equal(a.contactPhone, '13951234567', 'the community staff see the contact in full');
  assert.deepEqual(a.communityIds, [community0]);
  assert.deepEqual(a.rooms, [{ id: room.id, name: room.name }]);
  assert.equal(a.roomId, room.id);
  const bName = unique('美湖物业二期');
  const b = (
    await ok('COMMUNITY_STAFF', REGISTER, {
      i: orgInput(bName, { kind: 'PROPERTY_COMPANY', contactName: '顾国强', contactPhone: '0510-85101234', services: ['物业服务'] }),
    })
  ).registerOrganization;
  assert.equal(
    (
      await ok('COMMUNITY_STAFF', REGISTER, {
        i: orgInput(bName, { kind: 'PROPERTY_COMPANY', contactName: '顾国强', contactPhone: '0510-85101234', services: ['物业服务'] }),
      })
    ).registerOrganization.id,
    b.id,
    'a retried registration returns the first',
  );
  await refused('COMMUNITY_STAFF', REGISTER, { i: orgInput(bName, { kind: 'ENTERPRISE' }) }, 'CONFLICT');

  // Bad input, field by field.
  const other = (await ok('STREET_ADMIN', `query ($c: ID!) { rooms(communityId: $c) { id } }`, { c: community1 })).rooms[0].id;
  for (const [patch, field] of [
    [{ communityId: '123' }, 'input.communityId'],
    [{ name: ' ' }, 'input.name'],
    [{ contactName: '' }, 'input.contactName'],
    [{ contactPhone: '12345' }, 'input.contactPhone'],
    [{ registration: 'MAYBE' }, 'input.registration'],
    [{ services: ['x'.repeat(31)] }, 'input.services[0]'],
    [{ roomIds: ['zz'] }, 'input.roomIds[0]'],
    [{ roomIds: [other] }, 'input.roomIds[0]'],
  ] as const)
    await refused('COMMUNITY_STAFF', REGISTER, { i: orgInput(unique('无名社'), patch) }, 'BAD_USER_INPUT', field);
  await refused('COMMUNITY_STAFF', REGISTER, { i: orgInput(unique('无名社'), { communityId: community1 }) }, 'NOT_FOUND');
  for (const role of ['GRID_WORKER', 'STREET_ADMIN', 'PARTNER', 'RESIDENT', 'OPS'] as const)
    await refused(role, REGISTER, { i: orgInput(unique('无名社')) }, 'FORBIDDEN');

  // Reads: the directory lists them; a resident sees the contact masked; the other community cannot read it by id.
  const directory = (await ok('RESIDENT', `{ organizations { id contactName contactPhone } }`)).organizations.find(
    (o: any) => o.id === a.id,
  );
  assert.deepEqual(directory, { id: a.id, contactName: '沈*华', contactPhone: '139****4567' });
  assert.equal((await ok('OTHER_STAFF', `query ($id: ID!) { organization(id: $id) { id } }`, { id: a.id })).organization, null);
  assert.equal(
    (await ok('COMMUNITY_STAFF', `query ($id: ID!) { organization(id: $id) { name } }`, { id: a.id })).organization.name,
    a.name,
  );

  // Changed: the phone is masked in the change log.
  const changed = (
    await ok('COMMUNITY_STAFF', UPDATE_ORG, {
      i: { id: a.id, contactPhone: '13951239999', services: ['课业辅导', '阅读陪伴'], reason: '换了联系电话' },
    })
  ).updateOrganization;
  assert.deepEqual(changed.services, ['课业辅导', '阅读陪伴']);
  await refused('COMMUNITY_STAFF', UPDATE_ORG, { i: { id: a.id, contactPhone: 'call me' } }, 'BAD_USER_INPUT', 'input.contactPhone');
  await refused('COMMUNITY_STAFF', UPDATE_ORG, { i: { id: a.id, name: bName } }, 'CONFLICT');
  await refused('OTHER_STAFF', UPDATE_ORG, { i: { id: a.id, name: '别人的组织' } }, 'NOT_FOUND');
  const orgLog = await changesOf('COMMUNITY_STAFF', a.id);
  assert.deepEqual(
    orgLog.map((c) => c.action),
    ['UPDATE', 'CREATE'],
  );
  assert.deepEqual(
    orgLog[0]!.fields.find((f) => f.field === 'contactPhone'),
    { field: 'contactPhone', before: '139****4567', after: '139****9999' },
  );
  assert.ok(!JSON.stringify(orgLog).includes('13951239999'), 'no phone in full in the change log');

  // An alliance of the street (street admin only), its members added and removed.
  const allianceInput = { name: unique('美湖共建联盟'), kind: 'VOLUNTEER', communityIds: [community0], memberOrgIds: [a.id] };
  for (const [patch, field] of [
    [{ name: 'x' }, 'input.name'],
    [{ communityIds: [] }, 'input.communityIds'],
    [{ communityIds: ['bad'] }, 'input.communityIds[0]'],
    [{ memberOrgIds: ['bad'] }, 'input.memberOrgIds[0]'],
  ] as const)
    await refused('STREET_ADMIN', CREATE_ALLIANCE, { i: { ...allianceInput, ...patch } }, 'BAD_USER_INPUT', field);
  await refused('STREET_ADMIN', CREATE_ALLIANCE, { i: { ...allianceInput, communityIds: [id('demo:community:7')] } }, 'NOT_FOUND');
  await refused('COMMUNITY_STAFF', CREATE_ALLIANCE, { i: allianceInput }, 'FORBIDDEN');
  const alliance = (await ok('STREET_ADMIN', CREATE_ALLIANCE, { i: allianceInput })).createAlliance;
  assert.deepEqual(alliance.members, [{ id: a.id, name: a.name }]);
  assert.deepEqual(alliance.communityIds, [community0]);
  assert.equal(
    (await ok('STREET_ADMIN', CREATE_ALLIANCE, { i: allianceInput })).createAlliance.id,
    alliance.id,
    'a retry returns the first',
  );
  await refused('STREET_ADMIN', ADD_MEMBER, { a: alliance.id, o: id('demo:org:canteen-1') }, 'BAD_USER_INPUT', 'organizationId');
  await refused('COMMUNITY_STAFF', ADD_MEMBER, { a: alliance.id, o: b.id }, 'FORBIDDEN');
  assert.deepEqual(
    (await ok('STREET_ADMIN', ADD_MEMBER, { a: alliance.id, o: b.id })).addAllianceMember.members.map((m: any) => m.id),
    [a.id, b.id],
  );
  assert.equal((await ok('STREET_ADMIN', ADD_MEMBER, { a: alliance.id, o: b.id })).addAllianceMember.members.length, 2, 'added once');
  const listedAlliance = (await ok('COMMUNITY_STAFF', `{ alliances { id members { name } } }`)).alliances.find(
    (x: any) => x.id === alliance.id,
  );
  assert.deepEqual(
    listedAlliance.members.map((m: any) => m.name),
    [a.name, b.name],
  );
  assert.deepEqual(
    (await changesOf('STREET_ADMIN', alliance.id)).map((c) => c.action),
    ['UPDATE', 'CREATE'],
  );
  assert.deepEqual(await changesOf('COMMUNITY_STAFF', alliance.id), [], 'a street-wide record is the street admin’s');

  // A canteen of the community in the elder-canteen alliance: it redeems cards once registered.
  const canteenAlliance = id('demo:alliance:elder-canteen');
  const canteenInput = {
    communityId: community0,
    name: unique('美湖长者食堂'),
    contactName: '陆盘洪',
    contactPhone: '13951230000',
    allianceId: canteenAlliance,
    roomIds: [room.id],
  };
  await refused(
    'COMMUNITY_STAFF',
    REGISTER_CANTEEN,
    { i: { ...canteenInput, allianceId: alliance.id } },
    'BAD_USER_INPUT',
    'input.allianceId',
  );
  await refused('COMMUNITY_STAFF', REGISTER_CANTEEN, { i: { ...canteenInput, servedCommunityIds: [community1] } }, 'NOT_FOUND');
  await refused(
    'COMMUNITY_STAFF',
    REGISTER_CANTEEN,
    { i: { ...canteenInput, servedCommunityIds: [] } },
    'BAD_USER_INPUT',
    'input.servedCommunityIds',
  );
  await refused('COMMUNITY_STAFF', REGISTER_CANTEEN, { i: { ...canteenInput, contactPhone: '1' } }, 'BAD_USER_INPUT', 'input.contactPhone');
  await refused('STREET_ADMIN', REGISTER_CANTEEN, { i: canteenInput }, 'FORBIDDEN');
  const canteen = (await ok('COMMUNITY_STAFF', REGISTER_CANTEEN, { i: canteenInput })).registerCanteen;
  assert.equal(canteen.kind, 'ELDER_CANTEEN');
  assert.deepEqual(canteen.communityIds, [community0]);
  const canteenToken = await issueToken(stack.keysDir, {
    sub: 'new-canteen',
    role: 'PARTNER',
    org_id: canteen.id,
    org_kind: 'ELDER_CANTEEN',
  });
  const scan = await call(
    'PARTNER',
    `mutation ($i: RedeemMealCardInput!) { redeemMealCard(input: $i) { outcome } }`,
    { i: { clientRequestId: unique('admin-orgs-meal-'), cardNo: 'AX-DEMO-0010', listPriceCents: 1600 } },
    { authorization: `Bearer ${canteenToken}` },
  );
  assert.equal(scan.data.redeemMealCard.outcome, 'REDEEMED', 'a member of the elder-canteen alliance takes the community’s cards');
  const own = await call(
    'PARTNER',
    `query ($id: ID!) { organization(id: $id) { name contactPhone } }`,
    { id: canteen.id },
    {
      authorization: `Bearer ${canteenToken}`,
    },
  );
  assert.deepEqual(own.data.organization, { name: canteenInput.name, contactPhone: '13951230000' }, 'a partner reads its own organisation');
  assert.equal((await ok('PARTNER', `query ($id: ID!) { organization(id: $id) { name } }`, { id: canteen.id })).organization, null);
  const updatedCanteen = (
    await ok('COMMUNITY_STAFF', UPDATE_CANTEEN, { i: { id: canteen.id, contactName: '陆盘洪二', reason: '换负责人' } })
  ).updateCanteen;
  assert.equal(updatedCanteen.contactName, '陆盘洪二');
  await refused('COMMUNITY_STAFF', UPDATE_CANTEEN, { i: { id: a.id, contactName: '某某' } }, 'NOT_FOUND');
  await refused('OTHER_STAFF', UPDATE_CANTEEN, { i: { id: canteen.id, contactName: '某某' } }, 'NOT_FOUND');

  // A joint meeting of registered units; an item owned by both; an unregistered unit refused.
  const date = new Date(Date.now() + 8 * 3_600_000 + (40 + (Date.now() % 300)) * 86_400_000).toISOString().slice(0, 10);
  const meetingInput = { communityId: community0, date, unitIds: [a.id, b.id, id('demo:org:police')] };
  await refused('COMMUNITY_STAFF', SCHEDULE, { i: { ...meetingInput, unitIds: [a.id, 'police-0'] } }, 'BAD_USER_INPUT', 'input.unitIds[1]');
  await refused(
    'COMMUNITY_STAFF',
    SCHEDULE,
    { i: { ...meetingInput, unitIds: [a.id, id('demo:org:nowhere')] } },
    'BAD_USER_INPUT',
    'input.unitIds[1]',
  );
  await refused(
    'COMMUNITY_STAFF',
    SCHEDULE,
    { i: { ...meetingInput, unitIds: [a.id, id('demo:org:canteen-1')] } },
    'BAD_USER_INPUT',
    'input.unitIds[1]',
  );
  await refused('COMMUNITY_STAFF', SCHEDULE, { i: { ...meetingInput, unitIds: [] } }, 'BAD_USER_INPUT', 'input.unitIds');
  const meeting = (await ok('COMMUNITY_STAFF', SCHEDULE, { i: meetingInput })).scheduleJointMeeting;
  assert.deepEqual(meeting.units, [
    { orgId: a.id, name: a.name, kind: 'SOCIAL_ORGANIZATION' },
    { orgId: b.id, name: bName, kind: 'PROPERTY_COMPANY' },
    { orgId: id('demo:org:police'), name: '美湖派出所', kind: 'POLICE_STATION' },
  ]);
  // An agenda item: a suggestion escalated to the meeting (the next one of the community may be another test's; place it on ours).
  const suggestion = (
    await ok('COMMUNITY_STAFF', `mutation ($i: CreateSuggestionInput!) { createSuggestion(input: $i) { id } }`, {
      i: {
        clientRequestId: unique('admin-orgs-s-'),
        residentId: id('demo:resident:2'),
        source: 'LIAISON_DAY',
        category: '环境',
        text: '小区楼道堆物',
      },
    })
  ).createSuggestion;
  const escalated = (
    await ok(
      'COMMUNITY_STAFF',
      `mutation ($id: ID!) { escalateSuggestion(id: $id, title: "楼道堆物清理") { jointMeeting { id items { id title } } } }`,
      {
        id: suggestion.id,
      },
    )
  ).escalateSuggestion.jointMeeting;
  const target = escalated.id;
  const itemId = escalated.items.find((i: any) => i.title === '楼道堆物清理').id;
  const decide = (ownerUnitIds: string[], extra: Record<string, unknown> = {}) => ({
    i: { meetingId: target, itemId, decision: '物业清理,社会组织宣传', ownerUnitIds, followUpDate: date, ...extra },
  });
  assert.equal(target, meeting.id, 'the community’s next meeting');
  {
    await refused('COMMUNITY_STAFF', DECIDE, decide([a.id, 'police-0']), 'BAD_USER_INPUT', 'input.ownerUnitIds[1]');
    await refused('COMMUNITY_STAFF', DECIDE, decide([a.id, id('demo:org:nowhere')]), 'BAD_USER_INPUT', 'input.ownerUnitIds[1]');
    await refused('COMMUNITY_STAFF', DECIDE, decide([]), 'BAD_USER_INPUT', 'input.ownerUnitIds');
    await refused('COMMUNITY_STAFF', DECIDE, decide([a.id], { followUpDate: '2026-13-40' }), 'BAD_USER_INPUT');
    await refused('COMMUNITY_STAFF', DECIDE, decide([a.id, id('demo:org:school')]), 'BAD_USER_INPUT', 'input.ownerUnitIds[1]');
    const decided = (await ok('COMMUNITY_STAFF', DECIDE, decide([a.id, b.id]))).decideAgendaItem;
    const item = decided.items.find((i: any) => i.id === itemId);
    assert.deepEqual(item.ownerUnitIds, [a.id, b.id]);
    assert.equal(item.ownerOrgId, a.id);
    // Each owner sees the item; a unit that owns nothing of it does not.
    const unitToken = async (orgId: string) => ({
      authorization: `Bearer ${await issueToken(stack.keysDir, { sub: `unit-${orgId}`, role: 'PARTNER', org_id: orgId, org_kind: 'PROPERTY_COMPANY' })}`,
    });
    for (const owner of [a.id, b.id]) {
      const view = await call('PARTNER', `{ openFollowUps { orgId items { id } } }`, undefined, await unitToken(owner));
      assert.deepEqual(view.data.openFollowUps, [{ orgId: owner, items: [{ id: itemId }] }]);
    }
    const police = await call('PARTNER', `{ jointMeetings { items { id } } }`, undefined, await unitToken(id('demo:org:police')));
    assert.ok(
      police.data.jointMeetings.every((m: any) => m.items.every((i: any) => i.id !== itemId)),
      'a unit that owns nothing of it sees none of it',
    );
    const meetingLog = await changesOf('COMMUNITY_STAFF', meeting.id);
    assert.deepEqual(
      meetingLog.map((c) => c.action),
      ['UPDATE', 'CREATE'],
    );
    assert.deepEqual(
      meetingLog[0]!.fields.find((f) => f.field === 'owners'),
      { field: 'owners', before: '[]', after: JSON.stringify([a.id, b.id]) },
    );
  }

  // Retired: it leaves the directory and its alliances; it can no longer be a meeting unit.
  await refused('COMMUNITY_STAFF', RETIRE_ORG, { id: b.id, r: '' }, 'BAD_USER_INPUT', 'reason');
  await refused('OTHER_STAFF', RETIRE_ORG, { id: b.id, r: '物业合同到期' }, 'NOT_FOUND');
  assert.equal((await ok('COMMUNITY_STAFF', RETIRE_ORG, { id: b.id, r: '物业合同到期' })).retireOrganization.status, 'RETIRED');
  assert.ok(!(await ok('COMMUNITY_STAFF', `{ organizations { id } }`)).organizations.some((o: any) => o.id === b.id));
  assert.deepEqual(
    (await ok('COMMUNITY_STAFF', `{ alliances { id members { id } } }`)).alliances.find((x: any) => x.id === alliance.id).members,
    [{ id: a.id }],
  );
  const laterDate = new Date(Date.now() + 8 * 3_600_000 + (400 + (Date.now() % 300)) * 86_400_000).toISOString().slice(0, 10);
  await refused(
    'COMMUNITY_STAFF',
    SCHEDULE,
    { i: { communityId: community0, date: laterDate, unitIds: [a.id, b.id] } },
    'BAD_USER_INPUT',
    'input.unitIds[1]',
  );
  assert.deepEqual((await ok('STREET_ADMIN', REMOVE_MEMBER, { a: alliance.id, o: a.id })).removeAllianceMember.members, []);
  await refused('STREET_ADMIN', REMOVE_MEMBER, { a: alliance.id, o: a.id }, 'BAD_USER_INPUT', 'organizationId');
  assert.deepEqual(
    (await changesOf('COMMUNITY_STAFF', b.id)).map((c) => c.action),
    ['RETIRE', 'CREATE'],
  );
});

test('the demo registry went through the same rules: 美湖 has ten social organisations in its rooms, and every love card holder is 70 or over', async () => {
  const orgs = (
    await ok('COMMUNITY_STAFF', `query ($c: ID) { organizations(communityId: $c) { name kind rooms { name } } }`, { c: community0 })
  ).organizations as { name: string; kind: string; rooms: { name: string }[] }[];
  const social = orgs.filter(
    (o) => !['ELDER_CANTEEN', 'POLICE_STATION', 'SCHOOL', 'PROPERTY_COMPANY', 'ENTERPRISE'].includes(o.kind) && o.rooms.length,
  );
  assert.ok(social.length >= 10, `${social.length} social organisations in rooms`);
  // Every demo resident of the contract (0–99), read from people-grids with its card: a token of its own keeps the rate limit away.
  const reader = {
    authorization: `Bearer ${await issueToken(stack.keysDir, { ...DEMO_USERS.COMMUNITY_STAFF, sub: 'admin-orgs-reader' })}`,
  };
  const holders: { id: string; age: number; mealCard: { cardNo: string } }[] = [];
  for (let k = 0; k < 100; k += 10) {
    const rows = await Promise.all(
      Array.from({ length: 10 }, (_, j) =>
        call(
          'COMMUNITY_STAFF',
          `query ($id: ID!) { resident(id: $id) { id age mealCard { cardNo } } }`,
          { id: id(`demo:resident:${k + j}`) },
          reader,
        ),
      ),
    );
    for (const r of rows) if (r.data?.resident?.mealCard) holders.push(r.data.resident);
  }
  assert.equal(holders.length, 5, 'the five demo cards');
  for (const h of holders) assert.ok(h.age >= 70, `${h.mealCard!.cardNo}: holder aged ${h.age}`);
  assert.equal(DEMO_USERS.RESIDENT.resident_id, id('demo:resident:0'));
  const self = await ok('RESIDENT', `query ($id: ID!) { resident(id: $id) { age mealCard { cardNo } } }`, { id: id('demo:resident:0') });
  assert.ok(self.resident.age < 70 && self.resident.mealCard === null, 'the demo resident is under 70 and holds no card');
});
