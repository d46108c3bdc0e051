// Issue 15, items 4 and 5: the living map (facilities, inspections with a note and a photo, work
// items tracked to done), fixed public posts and the reception rota, administered through the
// gateway: each mutation's happy path seen through the graph, its change record, its role and scope
// rules, and bad input per field answering BAD_USER_INPUT and writing nothing.
import { DEMO_USERS, issueToken } from '@jwh/gateway/dev-keys';
import { QUEUE_NAMES } from '@jwh/contracts';
import { addDays, createLogger, createQueue, isoWeekday, localDate } from '@jwh/platform';
import mongoose from 'mongoose';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { env } from './environment.js';
import { as, stackForTests } from './harness.js';
import { demoId as id, roleClient } from '@jwh/testkit';

const stack = stackForTests();
type Role = keyof typeof DEMO_USERS;
const { call, ok } = roleClient<Role>(
  () => stack.gatewayUrl,
  (role) => as(stack, role),
);

const community0 = id('demo:community:0');
const community1 = id('demo:community:1');
const grid000 = id('demo:grid:0-0-0');
const grid010 = id('demo:grid:0-1-0');
const grid1 = id('demo:grid:1-0-0');
const secretary = id('demo:staff:0');
const worker = DEMO_USERS.GRID_WORKER.staff_id as string; // demo:staff:3, grid 0-0-0
const otherWorker = id('demo:staff:4');
const staffOf1 = id('demo:staff:23'); // community 1's secretary
const today = localDate();

type Body = { errors?: { extensions?: Record<string, unknown> }[]; data?: any };
const code = (b: Body) => b.errors?.[0]?.extensions?.code;
const badInput = (b: Body, field: string) => {
  assert.equal(code(b), 'BAD_USER_INPUT', JSON.stringify(b.errors));
  assert.equal(b.errors?.[0]?.extensions?.field, field, JSON.stringify(b.errors));
};

/** A token of another kind of holder (community 1's secretary, another grid worker). */
const bearer = async (claims: Record<string, unknown>) => ({ authorization: `Bearer ${await issueToken(stack.keysDir, claims)}` });
const secretaryOf1 = () =>
  bearer({ sub: 'admin-map-secretary-1', role: 'COMMUNITY_STAFF', staff_id: staffOf1, community_ids: [community1] });
const workerOf001 = () =>
  bearer({
    sub: 'admin-map-worker-001',
    role: 'GRID_WORKER',
    staff_id: id('demo:staff:5'),
    community_ids: [community0],
    grid_ids: [id('demo:grid:0-0-1')],
  });

let conn: mongoose.Connection | null = null;
const db = async () => {
  conn ??= await mongoose.createConnection(env.MONGO_URL).asPromise();
  return conn;
};
after(async () => {
  await conn?.close();
});
/** Documents written so far: the people-grids collections these mutations write and the change log. */
async function counts(): Promise<Record<string, number>> {
  const c = await db();
  const pg = c.useDb(`${stack.common.MONGO_DB_PREFIX}people_grids`).db!;
  const log = c.useDb(`${stack.common.MONGO_DB_PREFIX}change_log`).db!;
  const out: Record<string, number> = {};
  for (const name of ['facilities', 'facilityinspections', 'workitems', 'publicposts', 'dutyshifts'])
    out[name] = await pg.collection(name).countDocuments({});
  out.changes = await log.collection('changerecords').countDocuments({});
  return out;
}
/** Runs each bad call and checks it names its field and leaves every count as it was. */
async function refusedWritingNothing(cases: [string, () => Promise<Body>][]) {
  const before = await counts();
  for (const [field, run] of cases) badInput(await run(), field);
  assert.deepEqual(await counts(), before, 'bad input wrote nothing');
}

async function upload(role: Role, filename: string, body: Uint8Array<ArrayBuffer>) {
  const res = await fetch(`${stack.gatewayUrl.replace(/\/graphql$/, '')}/uploads/people-grids?filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...as(stack, role) },
    body,
  });
  return { status: res.status, body: (await res.json()) as { uploadId?: string } };
}
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

const ADD = `mutation ($i: AddFacilityInput!) { addFacility(input: $i) { id name type lat lng status retired grid { id } caretaker { id } community { id } } }`;
const NEAREST = `query ($lat: Float!, $lng: Float!) { nearestFacilities(type: MANHOLE_COVER, lat: $lat, lng: $lng, first: 1) { distanceMeters facility { id name status retired } } }`;
const INSPECT = `mutation ($i: InspectFacilityInput!) { inspectFacility(input: $i) { id status lastInspectedAt } }`;
const WORK = `query ($c: ID!) { openWorkItems(communityId: $c) { id title status overdue dueDate owner { id } facility { id name } inspection { id note photoUploadId status staff { id } } } }`;
const CHANGES = `query ($e: ID) { changes(entityId: $e, first: 20) { nodes { action reason entityType fields { field before after } } } }`;

// Seed 000: after a downpour the drain outside an old couple's bungalow is blocked and the water
// reaches their bed; two committee members clear the grate by hand. On the living map: the rain
// drain is added, a grid worker inspects it with a note and a photo and opens the work, which is
// done and closed; later the drain is filled in and the facility retired.
test('seed 001: a facility is added to the living map, listed in its grid, inspected with a note and a photo opening a work item, completed, and retired', async () => {
  const lat = 30.5401;
  const lng = 114.3389;
  const input = {
    communityId: community0,
    type: 'MANHOLE_COVER',
    name: '平房区雨水井',
    location: { lat, lng },
    gridId: grid000,
    caretakerStaffId: worker,
    idempotencyKey: `drain-${Date.now()}`,
  };
  const before = await counts();
  const added = (await ok('COMMUNITY_STAFF', ADD, { i: input })).addFacility;
  assert.deepEqual(
    { ...added, id: undefined },
    {
      id: undefined,
      name: '平房区雨水井',
      type: 'MANHOLE_COVER',
      lat,
      lng,
      status: 'OK',
      retired: false,
      grid: { id: grid000 },
      caretaker: { id: worker },
      community: { id: community0 },
    },
  );
  assert.equal((await ok('COMMUNITY_STAFF', ADD, { i: input })).addFacility.id, added.id, 'a retry adds nothing');
  assert.equal((await counts()).facilities, before.facilities! + 1);
  const nearest = (await ok('GRID_WORKER', NEAREST, { lat, lng })).nearestFacilities;
  assert.deepEqual(nearest, [{ distanceMeters: 0, facility: { id: added.id, name: '平房区雨水井', status: 'OK', retired: false } }]);
  // Seed 001's living map: the worker's own list of its grid's facilities, by type.
  const GRID_FACILITIES = `query ($g: ID!, $t: FacilityType) { grid(id: $g) { facilities(type: $t) { id type grid { id } } } }`;
  const ofGrid = (await ok('GRID_WORKER', GRID_FACILITIES, { g: grid000, t: 'MANHOLE_COVER' })).grid.facilities;
  assert.ok(
    ofGrid.some((f: { id: string }) => f.id === added.id),
    'the new facility is in its grid’s list',
  );
  assert.ok(ofGrid.every((f: { type: string; grid: { id: string } }) => f.type === 'MANHOLE_COVER' && f.grid.id === grid000));

  // Bad input per field, and scope: nothing written.
  const add = (patch: Record<string, unknown>) => () =>
    call('COMMUNITY_STAFF', ADD, { i: { ...input, idempotencyKey: `bad-${Math.random()}`, ...patch } });
  await refusedWritingNothing([
    ['input.idempotencyKey', add({ idempotencyKey: 'short' })],
    ['input.name', add({ name: '  ' })],
    ['input.location.lat', add({ location: { lat: 91, lng } })],
    ['input.location.lng', add({ location: { lat, lng: -181 } })],
    ['input.gridId', add({ gridId: grid1 })],
    ['input.caretakerStaffId', add({ caretakerStaffId: staffOf1 })],
  ]);
  assert.equal(code(await add({ communityId: community1 })()), 'NOT_FOUND', "another community's id is not found");
  assert.equal(code(await call('GRID_WORKER', ADD, { i: { ...input, idempotencyKey: `gw-${Date.now()}` } })), 'FORBIDDEN');

  // A grid worker uploads a photo through the gateway (a register it may not) and inspects the drain.
  const photo = await upload('GRID_WORKER', '雨水井.jpg', JPEG);
  assert.equal(photo.status, 201, JSON.stringify(photo.body));
  assert.equal((await upload('GRID_WORKER', 'fake.jpg', Uint8Array.from(Buffer.from('not a photo')))).status, 400);
  assert.equal((await upload('GRID_WORKER', '台账.csv', Uint8Array.from(Buffer.from('a,b')))).status, 403);
  const staffPhoto = (await upload('COMMUNITY_STAFF', 'mine.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).body
    .uploadId!;
  const inspection = {
    facilityId: added.id,
    status: 'NEEDS_REPAIR',
    note: '雨后井箅子被落叶和杂草堵塞,积水漫进平房',
    photoUploadId: photo.body.uploadId,
    workItem: { title: '清理雨水井箅子', ownerStaffId: worker, dueDate: addDays(today, 1) },
    idempotencyKey: `inspect-${Date.now()}`,
  };
  const inspect =
    (patch: Record<string, unknown>, role: Role = 'GRID_WORKER') =>
    () =>
      call(role, INSPECT, { i: { ...inspection, idempotencyKey: `bad-${Math.random()}`, ...patch } });
  await refusedWritingNothing([
    ['input.note', inspect({ note: '堵'.repeat(1001) })],
    ['input.photoUploadId', inspect({ photoUploadId: staffPhoto })],
    ['input.photoUploadId', inspect({ photoUploadId: id('no-such-upload') })],
    ['input.workItem.title', inspect({ workItem: { ...inspection.workItem, title: '' } })],
    ['input.workItem.ownerStaffId', inspect({ workItem: { ...inspection.workItem, ownerStaffId: staffOf1 } })],
    ['input.workItem.dueDate', inspect({ workItem: { ...inspection.workItem, dueDate: addDays(today, -1) } })],
  ]);
  const inspected = (await ok('GRID_WORKER', INSPECT, { i: inspection })).inspectFacility;
  assert.equal(inspected.status, 'NEEDS_REPAIR');
  const afterInspect = await counts();
  await ok('GRID_WORKER', INSPECT, { i: inspection });
  assert.deepEqual(await counts(), afterInspect, 'a retried inspection records nothing twice');

  const open: any[] = (await ok('COMMUNITY_STAFF', WORK, { c: community0 })).openWorkItems.filter((w: any) => w.facility.id === added.id);
  assert.deepEqual(open, [
    {
      id: open[0]?.id,
      title: '清理雨水井箅子',
      status: 'OPEN',
      overdue: false,
      dueDate: addDays(today, 1),
      owner: { id: worker },
      facility: { id: added.id, name: '平房区雨水井' },
      inspection: {
        id: open[0]?.inspection.id,
        note: inspection.note,
        photoUploadId: photo.body.uploadId,
        status: 'NEEDS_REPAIR',
        staff: { id: worker },
      },
    },
  ]);
  const item = open[0]!.id;
  // The photo comes back through the gateway to the staff who may inspect the drain, to nobody else.
  const photoOf = async (headers: Record<string, string>) =>
    fetch(`${stack.gatewayUrl.replace(/\/graphql$/, '')}/exports/people-grids/inspections/${open[0]!.inspection.id}/photo`, { headers });
  const got = await photoOf(as(stack, 'COMMUNITY_STAFF'));
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'image/jpeg');
  assert.deepEqual(new Uint8Array(await got.arrayBuffer()), JPEG);
  assert.equal((await photoOf(await workerOf001())).status, 404);
  assert.equal((await photoOf(await secretaryOf1())).status, 404);
  assert.equal((await photoOf(as(stack, 'RESIDENT'))).status, 403);
  // Overdue is visible: the due date passes (set in the database, as time would).
  const pg = (await db()).useDb(`${stack.common.MONGO_DB_PREFIX}people_grids`).db!;
  await pg.collection('workitems').updateOne({ _id: new mongoose.Types.ObjectId(item) }, { $set: { dueDate: addDays(today, -2) } });
  const mine = (await ok('GRID_WORKER', WORK, { c: community0 })).openWorkItems;
  assert.deepEqual(
    mine.filter((w: any) => w.id === item).map((w: any) => w.overdue),
    [true],
  );
  const seen = `query ($lat: Float!, $lng: Float!) { nearestFacilities(type: MANHOLE_COVER, lat: $lat, lng: $lng, first: 1) { facility { workItems { id status overdue } inspections { note } } } }`;
  assert.deepEqual((await ok('COMMUNITY_STAFF', seen, { lat, lng })).nearestFacilities[0].facility, {
    workItems: [{ id: item, status: 'OPEN', overdue: true }],
    inspections: [{ note: inspection.note }],
  });

  // Scope: a grid worker of another grid neither inspects the drain nor completes the item; another community's staff finds neither.
  const outside = (
    await ok('COMMUNITY_STAFF', ADD, { i: { ...input, name: '第4小网格井盖', gridId: grid010, idempotencyKey: `outside-${Date.now()}` } })
  ).addFacility;
  assert.equal(code(await call('GRID_WORKER', INSPECT, { i: { facilityId: outside.id, status: 'OK' } })), 'NOT_FOUND');
  const COMPLETE = `mutation ($id: ID!, $n: String!) { completeWorkItem(id: $id, note: $n) { id status overdue completionNote completedAt } }`;
  assert.equal(code(await call('GRID_WORKER', COMPLETE, { id: item, n: '已清理' }, await workerOf001())), 'NOT_FOUND');
  assert.equal(code(await call('COMMUNITY_STAFF', COMPLETE, { id: item, n: '已清理' }, await secretaryOf1())), 'NOT_FOUND');
  assert.equal(
    code(await call('COMMUNITY_STAFF', INSPECT, { i: { facilityId: added.id, status: 'OK' } }, await secretaryOf1())),
    'NOT_FOUND',
  );
  await refusedWritingNothing([['note', () => call('GRID_WORKER', COMPLETE, { id: item, n: ' ' })]]);

  // The owner completes it: done, off the open list; completing again changes nothing.
  const done = (await ok('GRID_WORKER', COMPLETE, { id: item, n: '两人徒手清除井箅杂草,积水已排' })).completeWorkItem;
  assert.equal(done.status, 'DONE');
  assert.equal(done.overdue, false);
  const afterDone = await counts();
  assert.deepEqual((await ok('GRID_WORKER', COMPLETE, { id: item, n: '再次' })).completeWorkItem, done);
  assert.deepEqual(await counts(), afterDone);
  assert.ok(!(await ok('COMMUNITY_STAFF', WORK, { c: community0 })).openWorkItems.some((w: any) => w.id === item));

  // Edited, then retired: off the map, kept; an edit of a retired facility is refused.
  const UPDATE = `mutation ($i: UpdateFacilityInput!) { updateFacility(input: $i) { name caretaker { id } } }`;
  await refusedWritingNothing([
    ['input.name', () => call('COMMUNITY_STAFF', UPDATE, { i: { id: added.id, name: '' } })],
    ['input.gridId', () => call('COMMUNITY_STAFF', UPDATE, { i: { id: added.id, gridId: grid1 } })],
    ['input.location.lat', () => call('COMMUNITY_STAFF', UPDATE, { i: { id: added.id, location: { lat: -91, lng } } })],
  ]);
  assert.deepEqual(
    (
      await ok('COMMUNITY_STAFF', UPDATE, {
        i: { id: added.id, name: '平房区雨水井(3栋旁)', caretakerStaffId: otherWorker, reason: '核对位置' },
      })
    ).updateFacility,
    { name: '平房区雨水井(3栋旁)', caretaker: { id: otherWorker } },
  );
  const RETIRE = `mutation ($id: ID!, $r: String!) { retireFacility(id: $id, reason: $r) { retired retiredReason } }`;
  assert.equal(code(await call('GRID_WORKER', RETIRE, { id: added.id, r: '道路改造' })), 'FORBIDDEN');
  await refusedWritingNothing([['reason', () => call('COMMUNITY_STAFF', RETIRE, { id: added.id, r: '' })]]);
  assert.deepEqual((await ok('STREET_ADMIN', RETIRE, { id: added.id, r: '道路改造,雨水井并入市政管网' })).retireFacility, {
    retired: true,
    retiredReason: '道路改造,雨水井并入市政管网',
  });
  const gone = (await ok('GRID_WORKER', NEAREST, { lat, lng })).nearestFacilities;
  assert.notEqual(gone[0]?.facility.id, added.id, 'a retired facility leaves nearestFacilities');
  const listed = (await ok('GRID_WORKER', GRID_FACILITIES, { g: grid000, t: null })).grid.facilities;
  assert.ok(!listed.some((f: { id: string }) => f.id === added.id), 'and its grid’s list');
  badInput(await call('COMMUNITY_STAFF', UPDATE, { i: { id: added.id, name: '又一个名字' } }), 'input.id');

  // The change log: every step, newest first, readable by the worker of the facility's grid.
  const log = (await ok('GRID_WORKER', CHANGES, { e: added.id })).changes.nodes;
  assert.deepEqual(
    log.map((c: any) => c.action),
    ['RETIRE', 'UPDATE', 'INSPECT', 'CREATE'],
  );
  assert.deepEqual(log[1].fields.map((f: any) => f.field).sort(), ['caretakerStaffId', 'name']);
  assert.equal(log[1].reason, '核对位置');
  assert.deepEqual(
    log[2].fields.find((f: any) => f.field === 'status'),
    { field: 'status', before: 'OK', after: 'NEEDS_REPAIR' },
  );
  assert.deepEqual(
    (await ok('COMMUNITY_STAFF', CHANGES, { e: item })).changes.nodes.map((c: any) => c.action),
    ['COMPLETE', 'CREATE'],
  );
});

const POST = `mutation ($i: CreatePublicPostInput!) { createPublicPost(input: $i) { id place start end weekdays staff { id } } }`;
const BOARD = `query ($c: ID!, $d: LocalDate) { publicBoard(communityId: $c, date: $d) { posts { id place start end staff { id } } duty { id part desk staff { id } } } }`;
const ROTA = `mutation ($i: SetReceptionRotaInput!) { setReceptionRota(input: $i) { id date part desk staff { id } } }`;

test('fixed posts and the reception rota are set, validated and scoped; the public board, a swap and the duty reminders read them', async () => {
  const day = addDays(today, 9);
  const input = {
    communityId: community0,
    place: '小区南门便民岗',
    start: '18:00',
    end: '19:30',
    weekdays: [isoWeekday(day)],
    staffId: otherWorker,
    idempotencyKey: `post-${Date.now()}`,
  };
  const post = (await ok('COMMUNITY_STAFF', POST, { i: input })).createPublicPost;
  assert.deepEqual(post, {
    id: post.id,
    place: '小区南门便民岗',
    start: '18:00',
    end: '19:30',
    weekdays: [isoWeekday(day)],
    staff: { id: otherWorker },
  });
  assert.equal((await ok('COMMUNITY_STAFF', POST, { i: input })).createPublicPost.id, post.id, 'a retry creates nothing');
  const board = async (d: string) => (await ok('RESIDENT', BOARD, { c: community0, d })).publicBoard;
  assert.deepEqual(
    (await board(day)).posts.filter((p: any) => p.id === post.id),
    [{ id: post.id, place: '小区南门便民岗', start: '18:00', end: '19:30', staff: { id: otherWorker } }],
  );
  assert.ok(!(await board(addDays(day, 1))).posts.some((p: any) => p.id === post.id), 'only on its weekday');

  const create = (patch: Record<string, unknown>) => () =>
    call('COMMUNITY_STAFF', POST, { i: { ...input, idempotencyKey: `bad-${Math.random()}`, ...patch } });
  await refusedWritingNothing([
    ['input.end', create({ start: '15:00', end: '10:00' })],
    ['input.end', create({ start: '08:30', end: '08:30' })],
    ['input.start', create({ start: '05:00', end: '07:00' })],
    ['input.end', create({ start: '20:00', end: '22:00' })],
    ['input.start', create({ start: '25:00' })],
    ['input.place', create({ place: '' })],
    ['input.weekdays[0]', create({ weekdays: [8] })],
    ['input.weekdays', create({ weekdays: [] })],
    ['input.staffId', create({ staffId: staffOf1 })],
    ['input.start', create({ start: '19:00', end: '20:00' })], // overlaps the post the same worker holds
  ]);
  assert.equal(code(await create({ communityId: community1 })()), 'NOT_FOUND');
  assert.equal(code(await call('GRID_WORKER', POST, { i: { ...input, idempotencyKey: `gw-${Date.now()}` } })), 'FORBIDDEN');

  const UPDATE = `mutation ($i: UpdatePublicPostInput!) { updatePublicPost(input: $i) { start end staff { id } } }`;
  badInput(await call('COMMUNITY_STAFF', UPDATE, { i: { id: post.id, end: '17:00' } }), 'input.end');
  assert.equal(code(await call('COMMUNITY_STAFF', UPDATE, { i: { id: post.id, end: '20:00' } }, await secretaryOf1())), 'NOT_FOUND');
  assert.deepEqual((await ok('COMMUNITY_STAFF', UPDATE, { i: { id: post.id, end: '20:00', reason: '夏季延长' } })).updatePublicPost, {
    start: '18:00',
    end: '20:00',
    staff: { id: otherWorker },
  });
  assert.equal((await board(day)).posts.find((p: any) => p.id === post.id).end, '20:00');

  // The rota of two days: the board shows exactly it, a second identical call writes nothing.
  const rota = {
    communityId: community0,
    from: day,
    to: addDays(day, 1),
    entries: [
      { date: day, part: 'AM', desk: 1, staffId: secretary },
      { date: day, part: 'AM', desk: 2, staffId: worker },
      { date: day, part: 'PM', desk: 1, staffId: worker },
      { date: day, part: 'PM', desk: 2, staffId: otherWorker },
      { date: addDays(day, 1), part: 'AM', desk: 1, staffId: otherWorker },
    ],
  };
  const demoNextDay = (await board(addDays(day, 1))).duty;
  const shifts = (await ok('COMMUNITY_STAFF', ROTA, { i: rota })).setReceptionRota;
  assert.deepEqual(
    shifts.map((s: any) => `${s.date} ${s.part}${s.desk} ${s.staff.id}`),
    rota.entries.map((e) => `${e.date} ${e.part}${e.desk} ${e.staffId}`),
  );
  const duty = (d: string) => board(d).then((b) => b.duty.map((s: any) => `${s.part}${s.desk} ${s.staff.id}`));
  assert.deepEqual(await duty(day), [`AM1 ${secretary}`, `AM2 ${worker}`, `PM1 ${worker}`, `PM2 ${otherWorker}`]);
  assert.deepEqual(await duty(addDays(day, 1)), [`AM1 ${otherWorker}`], 'a desk left out of the rota is unstaffed');
  const once = await counts();
  assert.deepEqual((await ok('COMMUNITY_STAFF', ROTA, { i: rota })).setReceptionRota, shifts);
  assert.deepEqual(await counts(), once, 'the same rota twice is one rota');

  const withEntry =
    (patch: Record<string, unknown>, at = 1) =>
    () =>
      call('COMMUNITY_STAFF', ROTA, { i: { ...rota, entries: rota.entries.map((e, i) => (i === at ? { ...e, ...patch } : e)) } });
  await refusedWritingNothing([
    ['input.entries[1].staffId', withEntry({ staffId: secretary })], // the secretary at both desks that morning
    ['input.entries[1].desk', withEntry({ desk: 3 })],
    ['input.entries[1].desk', withEntry({ desk: 1 })],
    ['input.entries[1].date', withEntry({ date: addDays(day, 2) })],
    ['input.entries[1].staffId', withEntry({ staffId: staffOf1 })],
    ['input.to', () => call('COMMUNITY_STAFF', ROTA, { i: { ...rota, to: addDays(day, -1) } })],
    ['input.to', () => call('COMMUNITY_STAFF', ROTA, { i: { ...rota, to: addDays(day, 31) } })],
  ]);
  assert.equal(code(await call('COMMUNITY_STAFF', ROTA, { i: rota }, await secretaryOf1())), 'NOT_FOUND');
  assert.equal(code(await call('GRID_WORKER', ROTA, { i: rota })), 'FORBIDDEN');

  // A month's rota (124 desks) in one call, timed; then the same month again writes nothing.
  const month = { communityId: community0, from: addDays(today, 20), to: addDays(today, 50), entries: [] as typeof rota.entries };
  const staff4 = [secretary, worker, otherWorker, id('demo:staff:2')];
  for (let d = 0; d < 31; d++)
    for (const [k, [part, desk]] of (
      [
        ['AM', 1],
        ['AM', 2],
        ['PM', 1],
        ['PM', 2],
      ] as const
    ).entries())
      month.entries.push({ date: addDays(month.from, d), part, desk, staffId: staff4[(d + k) % 4]! });
  let started = Date.now();
  assert.equal((await ok('COMMUNITY_STAFF', ROTA, { i: month })).setReceptionRota.length, 124);
  const firstMs = Date.now() - started;
  started = Date.now();
  await ok('COMMUNITY_STAFF', ROTA, { i: month });
  process.stdout.write(`# setReceptionRota, 31 days × 4 desks: ${firstMs} ms; the same again: ${Date.now() - started} ms\n`);

  // A swap reads what the rota wrote.
  const [am1, am2] = shifts;
  const swapped = await ok('COMMUNITY_STAFF', `mutation ($i: SwapDutyShiftsInput!) { swapDutyShifts(input: $i) { staff { id } } }`, {
    i: { firstShiftId: am1.id, secondShiftId: am2.id },
  });
  assert.deepEqual(
    swapped.swapDutyShifts.map((s: any) => s.staff.id),
    [worker, secretary],
  );
  // The change log holds the rota's changes (a desk left out: its shift removed) and the post's steps.
  const removed = demoNextDay.find((s: any) => s.part === 'PM' && s.desk === 2);
  assert.deepEqual(
    (await ok('COMMUNITY_STAFF', CHANGES, { e: removed.id })).changes.nodes.map((c: any) => [
      c.entityType,
      c.action,
      c.fields.find((f: any) => f.field === 'staffId'),
    ]),
    [['DutyShift', 'REMOVE', { field: 'staffId', before: removed.staff.id, after: null }]],
  );

  // Removed, the post leaves the board; its history stays.
  const REMOVE = `mutation ($id: ID!) { removePublicPost(id: $id) { id } }`;
  assert.equal(code(await call('GRID_WORKER', REMOVE, { id: post.id })), 'FORBIDDEN');
  assert.equal((await ok('STREET_ADMIN', REMOVE, { id: post.id })).removePublicPost.id, post.id);
  assert.ok(!(await board(day)).posts.some((p: any) => p.id === post.id));
  assert.deepEqual(
    (await ok('COMMUNITY_STAFF', CHANGES, { e: post.id })).changes.nodes.map((c: any) => c.action),
    ['REMOVE', 'UPDATE', 'CREATE'],
  );
});

test("the duty reminders read tomorrow's rota and posts as these mutations set them", async () => {
  const tomorrow = addDays(today, 1);
  const [shift] = (
    await ok('COMMUNITY_STAFF', ROTA, {
      i: {
        communityId: community0,
        from: tomorrow,
        to: tomorrow,
        entries: [{ date: tomorrow, part: 'PM', desk: 2, staffId: otherWorker }],
      },
    })
  ).setReceptionRota;
  const post = (
    await ok('COMMUNITY_STAFF', POST, {
      i: {
        communityId: community0,
        place: '晨练点(湖边步道)',
        start: '19:00',
        end: '20:30',
        weekdays: [isoWeekday(tomorrow)],
        staffId: worker,
        idempotencyKey: `reminded-${Date.now()}`,
      },
    })
  ).createPublicPost;
  // The daily calendar run (06:00 and at start), once more now.
  const calendar = createQueue(QUEUE_NAMES.calendar, {
    redisUrl: env.REDIS_URL,
    prefix: stack.common.QUEUE_PREFIX!,
    logger: createLogger('test', 'warn'),
  });
  try {
    await calendar.add('daily', {}, { jobId: `daily-admin-map-${Date.now()}` });
  } finally {
    await calendar.close();
  }
  // Before 17:00 the reminders wait in the queue; later the same day they fire at once (notifications).
  const pg = (await db()).useDb(`${stack.common.MONGO_DB_PREFIX}people_grids`).db!;
  const reminders = createQueue(QUEUE_NAMES.reminders, {
    redisUrl: env.REDIS_URL,
    prefix: stack.common.QUEUE_PREFIX!,
    logger: createLogger('test', 'warn'),
  });
  after(() => reminders.close());
  const reminded = async (kind: string, entityId: string, staffId: string) => {
    const waiting = await reminders.getDelayed(0, 5_000);
    const isIt = (d: { kind?: string; entityId?: string; recipient?: { id?: string } }) =>
      d.kind === kind && d.entityId === entityId && d.recipient?.id === staffId;
    if (waiting.some((j) => isIt(j.data as Parameters<typeof isIt>[0]))) return true;
    return (await pg.collection('notifications').countDocuments({ kind, entityId, recipientId: new mongoose.Types.ObjectId(staffId) })) > 0;
  };
  for (const [kind, entityId, staffId] of [
    ['DUTY_SHIFT', shift.id, otherWorker],
    ['PUBLIC_POST', `${post.id}:${tomorrow}`, worker],
  ] as const) {
    const deadline = Date.now() + 20_000;
    while (!(await reminded(kind, entityId, staffId))) {
      assert.ok(Date.now() < deadline, `no ${kind} reminder for ${entityId}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
});
