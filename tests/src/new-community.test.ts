// Issue 15, "Done when": a street office sets up a new community from nothing through the graph,
// as its street admin and secretary would, then runs one day on it; every step is checked through
// the graph, with the change log and what each other role sees of it.
import { DEMO_USERS, issueToken } from '@jwh/gateway/dev-keys';
import { makeNationalId } from '@jwh/people-grids/national-id';
import { gql, type GraphQLResponse } from '@jwh/testkit';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { as, stackForTests } from './harness.js';

const stack = stackForTests();
const run = randomBytes(3).toString('hex');
const base = () => stack.gatewayUrl.replace('/graphql', '');
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Calls the gateway with `headers` and returns the data, failing the test on any error. */
async function call<T = any>(headers: Record<string, string>, query: string, variables?: Record<string, unknown>): Promise<T> {
  const { body } = await gql<T>(stack.gatewayUrl, query, variables, headers);
  assert.equal(body.errors, undefined, `${query.slice(0, 80)}: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}
/** The first error's code and field. */
async function refused(headers: Record<string, string>, query: string, variables?: Record<string, unknown>) {
  const { body } = (await gql(stack.gatewayUrl, query, variables, headers)) as { body: GraphQLResponse<unknown> };
  const e = body.errors?.[0];
  return { code: e?.extensions?.code as string | undefined, field: e?.extensions?.field as string | undefined, message: e?.message ?? '' };
}

/** What the scenario builds, filled in step by step. */
const s = {
  communityId: '',
  admin: {} as Record<string, string>,
  secretary: {} as Record<string, string>,
  workers: [] as { staffId: string; headers: Record<string, string> }[],
  bigGrids: [] as string[],
  smallGrids: [] as string[],
  staff: {} as Record<string, string>,
  households: [] as { id: string; address: string; grid: number }[],
  residents: [] as { id: string; household: number }[],
  smallGridNames: [] as string[],
  allianceId: '',
};

const COMMUNITY = `query ($id: ID!) { community(id: $id) { id name householdCount residentCount grids { id name level householdCount residentCount } } }`;

test('a street admin creates the community, its grids and its staff', async () => {
  const adminClaims = DEMO_USERS.STREET_ADMIN as { community_ids: string[] };
  const created = await call(
    as(stack, 'STREET_ADMIN'),
    `mutation ($n: String!) { createCommunity(input: { name: $n }) { id name street } }`,
    { n: `新港社区${run}` },
  );
  s.communityId = created.createCommunity.id;
  assert.equal(created.createCommunity.street, '东湖街道');
  // The identity provider adds the new community to the street admin's claims.
  s.admin = auth(
    await issueToken(stack.keysDir, { ...DEMO_USERS.STREET_ADMIN, community_ids: [...adminClaims.community_ids, s.communityId] }),
  );
  const grid = `mutation ($i: CreateGridInput!) { createGrid(input: $i) { id name level householdCount } }`;
  for (const name of ['东片', '西片']) {
    const g = await call(s.admin, grid, { i: { communityId: s.communityId, name: `${name}大网格`, level: 'BIG' } });
    s.bigGrids.push(g.createGrid.id);
  }
  for (let n = 0; n < 4; n++) {
    const name = `第${n + 1}小网格`;
    const g = await call(s.admin, grid, { i: { communityId: s.communityId, name, level: 'SMALL', parentId: s.bigGrids[n >> 1] } });
    s.smallGrids.push(g.createGrid.id);
    s.smallGridNames.push(name);
  }
  const add = `mutation ($i: AddStaffMemberInput!) { addStaffMember(input: $i) { id name role grids { id } } }`;
  const people: [string, string, string[]][] = [
    ['书记', 'SECRETARY', []],
    ['网格员甲', 'GRID_WORKER', [s.smallGrids[0]!]],
    ['网格员乙', 'GRID_WORKER', [s.smallGrids[1]!, s.smallGrids[2]!]],
    ['网格员丙', 'GRID_WORKER', [s.smallGrids[3]!]],
    ['社工', 'SOCIAL_WORKER', []],
  ];
  for (const [name, role, gridIds] of people) {
    const m = await call(s.admin, add, {
      i: {
        idempotencyKey: `new-${run}-${name}`,
        communityId: s.communityId,
        name: `${name}${run}`,
        role,
        dutyPhone: '13800001111',
        gridIds,
      },
    });
    s.staff[name] = m.addStaffMember.id;
  }
  // A retry with the same key adds no one.
  const again = await call(s.admin, add, {
    i: { idempotencyKey: `new-${run}-书记`, communityId: s.communityId, name: `书记${run}`, role: 'SECRETARY', dutyPhone: '13800001111' },
  });
  assert.equal(again.addStaffMember.id, s.staff['书记']);
  const staff = await call(s.admin, `query ($c: ID!) { staffMembers(communityId: $c) { id } }`, { c: s.communityId });
  assert.equal(staff.staffMembers.length, 5);

  s.secretary = auth(
    await issueToken(stack.keysDir, {
      sub: `new-secretary-${run}`,
      role: 'COMMUNITY_STAFF',
      staff_id: s.staff['书记'],
      community_ids: [s.communityId],
    }),
  );
  for (const [name, grids] of [
    ['网格员甲', [s.smallGrids[0]!]],
    ['网格员乙', [s.smallGrids[1]!, s.smallGrids[2]!]],
  ] as const) {
    const token = await issueToken(stack.keysDir, {
      sub: `new-${name}-${run}`,
      role: 'GRID_WORKER',
      staff_id: s.staff[name],
      community_ids: [s.communityId],
      grid_ids: grids,
    });
    s.workers.push({ staffId: s.staff[name]!, headers: auth(token) });
  }

  const c = await call(s.admin, COMMUNITY, { id: s.communityId });
  assert.equal(c.community.grids.filter((g: { level: string }) => g.level === 'SMALL').length, 4);
  assert.equal(c.community.householdCount, 0);

  // Another community's secretary sees nothing of it.
  const other = await call(as(stack, 'COMMUNITY_STAFF'), COMMUNITY, { id: s.communityId });
  assert.equal(other.community, null);
});

test('its secretary registers 40 households and 100 residents (30 by hand, 70 by a register import)', async () => {
  const create = `mutation ($i: CreateHouseholdInput!) { createHousehold(input: $i) { id address } }`;
  for (let n = 0; n < 40; n++) {
    const grid = n % 4;
    const address = `新港社区${run}${Math.floor(n / 4) + 1}栋${grid + 1}01室`;
    const h = await call(s.secretary, create, {
      i: {
        communityId: s.communityId,
        address,
        building: `${Math.floor(n / 4) + 1}栋`,
        gridId: s.smallGrids[grid],
        idempotencyKey: `hh-${run}-${n}`,
      },
    });
    s.households.push({ id: h.createHousehold.id, address, grid });
  }
  const addResident = `mutation ($i: AddResidentInput!) { addResident(input: $i) { id name tags household { id } } }`;
  const birth = (n: number) => `19${String(30 + (n % 60)).padStart(2, '0')}-0${1 + (n % 9)}-1${n % 10}`;
  const area = `4299${String(10 + (parseInt(run, 16) % 89)).padStart(2, '0')}`;
  for (let n = 0; n < 30; n++) {
    const r = await call(s.secretary, addResident, {
      i: {
        householdId: s.households[n]!.id,
        name: `住户${n}`,
        nationalId: makeNationalId(area, birth(n), 100 + n),
        phone: `1390000${String(1000 + n)}`,
        idempotencyKey: `res-${run}-${n}`,
      },
    });
    s.residents.push({ id: r.addResident.id, household: n });
  }
  // The other 70 by the register: two more in each of households 0–29 (60), one in 30–39 (10).
  const HEADER = ['户地址', '网格', '姓名', '性别', '出生日期', '身份证号', '手机', '户籍', '标签'];
  const rows: string[][] = [];
  for (let n = 30; n < 100; n++) {
    const h = s.households[n < 90 ? (n - 30) % 30 : n - 60]!;
    rows.push([
      h.address,
      s.smallGridNames[h.grid]!,
      `住户${n}`,
      n % 2 ? '男' : '女',
      birth(n),
      makeNationalId(area, birth(n), 100 + n),
      `1390000${1000 + n}`,
      '本地',
      '',
    ]);
  }
  // One row naming another grid than its household's is rejected and writes nothing.
  const wrong = s.households[0]!;
  rows.push([
    wrong.address,
    s.smallGridNames[1]!,
    '错网格',
    '男',
    '1950-01-01',
    makeNationalId(area, '1950-01-01', 901),
    '13900009999',
    '本地',
    '',
  ]);
  const csv = [HEADER.join(','), ...rows.map((r) => r.join(','))].join('\n');
  const up = await fetch(`${base()}/uploads/people-grids?filename=${encodeURIComponent('新港台账.csv')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...s.secretary },
    body: csv,
  });
  assert.ok(up.ok, await up.clone().text());
  const { uploadId } = (await up.json()) as { uploadId: string };
  const started = await call(s.secretary, `mutation ($u: ID!, $c: ID!) { startRegisterImport(uploadId: $u, communityId: $c) { id } }`, {
    u: uploadId,
    c: s.communityId,
  });
  let job: any;
  for (let i = 0; i < 600; i++) {
    job = (
      await call(
        s.secretary,
        `query ($id: ID!) { importJob(id: $id) { status residentsCreated householdsCreated rejected errors(first: 10) { nodes { row field reason } } } }`,
        { id: started.startRegisterImport.id },
      )
    ).importJob;
    if (job.status === 'DONE' || job.status === 'FAILED') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(job.status, 'DONE', JSON.stringify(job));
  assert.equal(job.residentsCreated, 70, JSON.stringify(job));
  assert.equal(job.householdsCreated, 0);
  assert.equal(job.rejected, 1);
  assert.match(job.errors.nodes[0].reason, /网格/);

  const c = await call(s.secretary, COMMUNITY, { id: s.communityId });
  assert.equal(c.community.householdCount, 40);
  assert.equal(c.community.residentCount, 100);
  // Households 0–29 hold three residents each, 30–39 one; household n lies in small grid n mod 4.
  const expected = [0, 1, 2, 3].map((g) => s.households.reduce((sum, h, n) => sum + (h.grid === g ? (n < 30 ? 3 : 1) : 0), 0));
  for (const [n, id] of s.smallGrids.entries()) {
    const g = c.community.grids.find((x: { id: string }) => x.id === id);
    assert.equal(g.householdCount, 10, g.name);
    assert.equal(g.residentCount, expected[n], g.name);
  }
  const big = c.community.grids.filter((x: { level: string }) => x.level === 'BIG');
  assert.deepEqual(
    big.map((g: { residentCount: number }) => g.residentCount).sort(),
    [expected[0]! + expected[1]!, expected[2]! + expected[3]!].sort(),
  );
  const out = await call(s.secretary, `query ($c: ID!) { gridsOutOfRange(communityId: $c) { id } }`, { c: s.communityId });
  assert.equal(out.gridsOutOfRange.length, 4, 'ten households a grid is far below the 300–350 norm');
});

test('the secretary and the street admin put up its facility, posts, rota, room, organisations, alliance, canteen and a matter', async () => {
  const facility = await call(s.secretary, `mutation ($i: AddFacilityInput!) { addFacility(input: $i) { id name } }`, {
    i: {
      communityId: s.communityId,
      type: 'MANHOLE_COVER',
      name: '3栋北侧雨水井',
      location: { lat: 30.55, lng: 114.37 },
      gridId: s.smallGrids[0],
      caretakerStaffId: s.staff['网格员甲'],
      idempotencyKey: `fac-${run}`,
    },
  });
  assert.ok(facility.addFacility.id);
  await call(s.secretary, `mutation ($i: CreatePublicPostInput!) { createPublicPost(input: $i) { id } }`, {
    i: {
      communityId: s.communityId,
      place: '党群服务中心',
      start: '08:30',
      end: '12:00',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      staffId: s.staff['社工'],
      idempotencyKey: `post-${run}`,
    },
  });
  await call(s.secretary, `mutation ($i: SetReceptionRotaInput!) { setReceptionRota(input: $i) { id } }`, {
    i: {
      communityId: s.communityId,
      from: tomorrow,
      to: tomorrow,
      entries: [
        { date: tomorrow, part: 'AM', desk: 1, staffId: s.staff['书记'] },
        { date: tomorrow, part: 'AM', desk: 2, staffId: s.staff['社工'] },
        { date: tomorrow, part: 'PM', desk: 1, staffId: s.staff['网格员丙'] },
      ],
    },
  });
  const board = await call(
    s.secretary,
    `query ($c: ID!, $d: LocalDate) { publicBoard(communityId: $c, date: $d) { posts { place } duty { desk part staff { id } } } }`,
    { c: s.communityId, d: tomorrow },
  );
  assert.deepEqual(
    board.publicBoard.posts.map((p: { place: string }) => p.place),
    ['党群服务中心'],
  );
  assert.equal(board.publicBoard.duty.length, 3);
  assert.ok(
    board.publicBoard.duty.some(
      (d: { desk: number; part: string; staff: { id: string } }) => d.desk === 2 && d.part === 'AM' && d.staff.id === s.staff['社工'],
    ),
  );

  const room = await call(s.secretary, `mutation ($i: CreateRoomInput!) { createRoom(input: $i) { id name } }`, {
    i: { communityId: s.communityId, name: '多功能活动室', kind: 'ACTIVITY', capacity: 40 },
  });
  const org = `mutation ($i: RegisterOrganizationInput!) { registerOrganization(input: $i) { id name kind } }`;
  const orgs: string[] = [];
  for (const name of ['新港书画社', '新港志愿服务队']) {
    const o = await call(s.secretary, org, {
      i: {
        communityId: s.communityId,
        name,
        kind: 'SOCIAL_ORGANIZATION',
        contactName: '李老师',
        contactPhone: '13700001111',
        roomIds: [room.createRoom.id],
      },
    });
    orgs.push(o.registerOrganization.id);
  }
  const orgLog = await call(s.secretary, `query ($e: ID!) { changes(entityId: $e) { nodes { action fields { field after } } } }`, {
    e: orgs[0],
  });
  const contact = orgLog.changes.nodes[0].fields as { field: string; after: string }[];
  assert.equal(contact.find((f) => f.field === 'contactName')?.after, '李*师', 'a contact name is masked in the change log');
  assert.equal(contact.find((f) => f.field === 'contactPhone')?.after, '137****1111');
  const alliance = await call(s.admin, `mutation ($i: CreateAllianceInput!) { createAlliance(input: $i) { id members { id } } }`, {
    i: { name: `新港公益联盟${run}`, kind: 'VOLUNTEER', communityIds: [s.communityId], memberOrgIds: orgs },
  });
  assert.equal(alliance.createAlliance.members.length, 2);
  const canteenAlliance = await call(s.admin, `mutation ($i: CreateAllianceInput!) { createAlliance(input: $i) { id } }`, {
    i: { name: `新港爱心餐厅联盟${run}`, kind: 'ELDER_CANTEEN', communityIds: [s.communityId], memberOrgIds: [] },
  });
  s.allianceId = canteenAlliance.createAlliance.id;
  const canteen = await call(s.secretary, `mutation ($i: RegisterCanteenInput!) { registerCanteen(input: $i) { id kind } }`, {
    i: {
      communityId: s.communityId,
      name: '新港长者食堂',
      contactName: '王经理',
      contactPhone: '027-88886666',
      allianceId: s.allianceId,
      roomIds: [room.createRoom.id],
    },
  });
  assert.equal(canteen.registerCanteen.kind, 'ELDER_CANTEEN');
  const listed = await call(s.secretary, `query ($c: ID) { organizations(communityId: $c) { id } }`, { c: s.communityId });
  assert.equal(listed.organizations.length, 3);

  const code = `XINGANG_${run.toUpperCase()}`;
  const matter = await call(s.admin, `mutation ($i: AddMatterInput!) { addMatter(input: $i) { code version } }`, {
    i: {
      code,
      name: '新港停车证办理',
      requiredMaterials: ['身份证', '行驶证'],
      deadlineWorkingDays: 5,
      decidedBy: 'COMMUNITY',
      reason: '新港社区自有事项',
    },
  });
  assert.equal(matter.addMatter.version, 1);
  // Community staff may read the catalogue but not change it.
  assert.equal((await refused(s.secretary, `mutation { retireMatter(code: "${code}", reason: "试试看") { code } }`)).code, 'FORBIDDEN');
});

test('one day on it: a grid split, a death, a phone change and a worker leaving, each in the change log', async () => {
  // The split: five households of grid 1 get a small grid of their own.
  const moving = s.households.filter((h) => h.grid === 0).slice(0, 5);
  const split = await call(s.secretary, `mutation ($i: SplitGridInput!) { splitGrid(input: $i) { id name householdCount } }`, {
    i: { gridId: s.smallGrids[0], newName: '第5小网格', householdIds: moving.map((h) => h.id), reason: '楼栋新交付,分设网格' },
  });
  const newGrid = split.splitGrid;
  assert.equal(newGrid.householdCount, 5);
  let c = await call(s.secretary, COMMUNITY, { id: s.communityId });
  const byId = new Map<string, { householdCount: number; residentCount: number }>(c.community.grids.map((g: { id: string }) => [g.id, g]));
  assert.equal(byId.get(s.smallGrids[0]!)!.householdCount, 5);
  assert.equal(byId.get(newGrid.id)!.householdCount, 5);
  assert.equal(c.community.householdCount, 40);
  const moves = await call(s.secretary, `query ($h: ID!) { householdMoves(householdId: $h) { to { id } reason by } }`, {
    h: moving[0]!.id,
  });
  assert.ok(
    moves.householdMoves.some(
      (m: { reason: string; to: { id: string }; by: string }) =>
        m.reason.includes('分设网格') && m.to.id === newGrid.id && m.by === `new-secretary-${run}`,
    ),
  );

  // A death: the resident leaves the active population, the counts follow.
  const dead = s.residents[1]!;
  const died = await call(s.secretary, `mutation ($i: RecordResidentDeathInput!) { recordResidentDeath(input: $i) { id status } }`, {
    i: { id: dead.id, date: today, reason: '病故' },
  });
  assert.equal(died.recordResidentDeath.status, 'DECEASED');
  c = await call(s.secretary, COMMUNITY, { id: s.communityId });
  assert.equal(c.community.residentCount, 99);

  // A phone change, at the door, by the grid's worker.
  // Household 20 stayed in grid 1 after the split (households 0, 4, 8, 12 and 16 left it).
  const living = s.residents[20]!;
  const worker = s.workers[0]!;
  await call(worker.headers, `mutation ($i: UpdateResidentInput!) { updateResident(input: $i) { id } }`, {
    i: { id: living.id, phone: '13911112222' },
  });
  const phone = await call(s.secretary, `query ($id: ID!) { resident(id: $id) { phone(purpose: "核对联系电话变更") } }`, { id: living.id });
  assert.equal(phone.resident.phone, '13911112222');

  // A worker leaving: refused while it holds grids, accepted once they are handed over.
  const leaving = s.staff['网格员乙']!;
  const refusal = await refused(s.secretary, `mutation ($i: StaffLeavesInput!) { staffLeaves(input: $i) { id } }`, {
    i: { id: leaving, reason: '调往其他街道' },
  });
  assert.ok(refusal.code === 'BAD_USER_INPUT' || refusal.code === 'CONFLICT', JSON.stringify(refusal));
  assert.match(refusal.message, /网格/);
  const left = await call(s.secretary, `mutation ($i: StaffLeavesInput!) { staffLeaves(input: $i) { id leftAt } }`, {
    i: { id: leaving, reason: '调往其他街道', handoverTo: s.staff['网格员丙'] },
  });
  assert.ok(left.staffLeaves.leftAt);
  const g2 = await call(s.secretary, `query ($id: ID!) { grid(id: $id) { workers { id } } }`, { id: s.smallGrids[1] });
  assert.deepEqual(
    g2.grid.workers.map((m: { id: string }) => m.id),
    [s.staff['网格员丙']],
  );
  const active = await call(s.secretary, `query ($c: ID!) { staffMembers(communityId: $c) { id } }`, { c: s.communityId });
  assert.ok(!active.staffMembers.some((m: { id: string }) => m.id === leaving), 'who left is no longer listed');

  // The change log of the community, newest first, as its secretary reads it.
  const log = await call(
    s.secretary,
    `query ($c: ID!, $f: LocalDate, $t: LocalDate) { changes(communityId: $c, from: $f, to: $t, first: 200) { totalCount nodes { at entityType entityId action actor actorStaff { name } reason fields { field before after } } } }`,
    { c: s.communityId, f: today, t: today },
  );
  const nodes = log.changes.nodes as {
    at: string;
    entityType: string;
    entityId: string;
    action: string;
    actor: string;
    actorStaff: { name: string } | null;
    reason: string | null;
    fields: { field: string; before: string | null; after: string | null }[];
  }[];
  const actions = (type: string) => nodes.filter((n) => n.entityType === type).map((n) => n.action);
  assert.ok(actions('Grid').includes('CREATE') && actions('Grid').includes('SPLIT'), JSON.stringify(actions('Grid')));
  assert.ok(actions('Resident').includes('DEATH'));
  assert.ok(actions('StaffMember').includes('LEAVE'));
  assert.ok(actions('Household').includes('CREATE'));
  const times = nodes.map((n) => Date.parse(n.at));
  assert.deepEqual(
    times,
    [...times].sort((x, y) => y - x),
    'newest first',
  );
  const position = (action: string) => nodes.findIndex((n) => n.action === action);
  assert.ok(position('LEAVE') < position('DEATH') && position('DEATH') < position('SPLIT'), 'the day in reverse order');
  const phoneChange = nodes.find((n) => n.entityId === living.id && n.fields.some((f) => f.field === 'phone'))!;
  assert.ok(phoneChange, 'the phone change is logged');
  assert.equal(phoneChange.actor, `new-网格员甲-${run}`);
  assert.equal(phoneChange.actorStaff?.name, `网格员甲${run}`, 'the worker named, not only its token subject');
  const phoneField = phoneChange.fields.find((f) => f.field === 'phone')!;
  assert.equal(phoneField.after, '139****2222', 'masked in the change log');
  assert.ok(!JSON.stringify(log).includes('13911112222'), 'no unmasked phone anywhere in the log');

  const created = (
    await call(s.secretary, `query ($e: ID!) { changes(entityId: $e) { nodes { action fields { field after } } } }`, { e: living.id })
  ).changes.nodes.find((n: { action: string }) => n.action === 'CREATE');
  const createdFields = created.fields as { field: string; after: string }[];
  assert.match(createdFields.find((f) => f.field === 'nationalId')!.after, /^\d{6}\*{8}[\dX]{4}$/);
  assert.ok(!createdFields.some((f) => f.field === 'birthDate'), 'the masked middle of the ID is not beside it in full');
  // One entity's history: the grid worker of the resident's grid reads it; the other worker does not.
  const history = `query ($e: ID!) { changes(entityId: $e) { totalCount nodes { action } } }`;
  const own = await call(worker.headers, history, { e: living.id });
  assert.ok(own.changes.nodes.length >= 2, JSON.stringify(own));
  const otherWorker = await call(s.workers[1]!.headers, history, { e: living.id });
  assert.equal(otherWorker.changes.totalCount, 0);
  // Another community's staff, residents and partners read none of it.
  assert.equal((await call(as(stack, 'COMMUNITY_STAFF'), history, { e: living.id })).changes.totalCount, 0);
  assert.equal(
    (await refused(as(stack, 'COMMUNITY_STAFF'), `query ($c: ID!) { changes(communityId: $c) { totalCount } }`, { c: s.communityId })).code,
    'FORBIDDEN',
  );
  assert.equal((await refused(as(stack, 'RESIDENT'), history, { e: living.id })).code, 'FORBIDDEN');
  assert.equal((await refused(as(stack, 'PARTNER'), history, { e: living.id })).code, 'FORBIDDEN');
  const partner = await gql(
    stack.gatewayUrl,
    `{ canteenCardHolders { resident { status departure { kind } } } }`,
    undefined,
    as(stack, 'PARTNER'),
  );
  assert.ok(
    partner.body.errors?.some((e) => e.extensions?.code === 'FORBIDDEN'),
    'a canteen does not learn whether or why its card holders left',
  );

  // The new grid merges back; a retired grid takes no new household.
  const merged = await call(s.secretary, `mutation ($i: MergeGridsInput!) { mergeGrids(input: $i) { id householdCount } }`, {
    i: { fromGridId: newGrid.id, intoGridId: s.smallGrids[0], reason: '新楼栋并回原网格' },
  });
  assert.equal(merged.mergeGrids.householdCount, 10);
  const retired = await refused(s.secretary, `mutation ($i: CreateHouseholdInput!) { createHousehold(input: $i) { id } }`, {
    i: {
      communityId: s.communityId,
      address: `新港社区${run}9栋101室`,
      building: '9栋',
      gridId: newGrid.id,
      idempotencyKey: `hh-${run}-retired`,
    },
  });
  assert.deepEqual([retired.code, retired.field], ['BAD_USER_INPUT', 'input.gridId']);
  c = await call(s.secretary, COMMUNITY, { id: s.communityId });
  assert.equal(c.community.householdCount, 40, 'nothing written');

  // The street admin reads the whole community's log.
  // Paged seven at a time, the log is the same list, in the same order, as in one page.
  const whole = await call(s.secretary, `query ($c: ID!) { changes(communityId: $c, first: 200) { nodes { id } } }`, { c: s.communityId });
  const paged: string[] = [];
  for (let after: string | null = null, more = true; more;) {
    const page: any = await call(
      s.secretary,
      `query ($c: ID!, $a: String) { changes(communityId: $c, first: 7, after: $a) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
      { c: s.communityId, a: after },
    );
    paged.push(...page.changes.nodes.map((n: { id: string }) => n.id));
    ({ hasNextPage: more, endCursor: after } = page.changes.pageInfo);
  }
  assert.deepEqual(
    paged,
    whole.changes.nodes.map((n: { id: string }) => n.id),
  );
  assert.ok(paged.length > 14);
  const tooLong = await refused(
    s.secretary,
    `query ($c: ID!) { changes(communityId: $c, from: "2025-01-01", to: "2026-11-30") { totalCount } }`,
    {
      c: s.communityId,
    },
  );
  assert.deepEqual([tooLong.code, tooLong.field], ['BAD_USER_INPUT', 'from']);
  const count = `query ($c: ID!) { changes(communityId: $c, first: 1) { totalCount } }`;
  const adminLog = await call(s.admin, count, { c: s.communityId });
  const secretaryLog = await call(s.secretary, count, { c: s.communityId });
  assert.ok(adminLog.changes.totalCount > log.changes.totalCount, 'the merge is in it too');
  assert.equal(adminLog.changes.totalCount, secretaryLog.changes.totalCount);
});
