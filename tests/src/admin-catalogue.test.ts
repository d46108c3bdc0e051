import { issueToken, type DEMO_USERS } from '@jwh/gateway/dev-keys';
import { addWorkingDays, localDate } from '@jwh/platform';
import { gql, demoId as id, roleClient } from '@jwh/testkit';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { as, stackForTests } from './harness.js';

/**
 * The matter catalogue per street, versioned (issue 15, item 7): a street admin adds, changes and
 * retires its street's matters; a change applies to requests created after it, older requests
 * keep the version they were created under; every edit is in the change log.
 */
const stack = stackForTests();

type Role = keyof typeof DEMO_USERS;
const { call, ok } = roleClient<Role>(
  () => stack.gatewayUrl,
  (role) => as(stack, role),
);
let n = 0;
const unique = () => `${Date.now().toString(36).toUpperCase()}_${n++}`;
const newCode = () => `E2E_${unique()}`;
const key = () => `e2e-catalogue-${unique()}`;

const TERMS = `code name description requiredMaterials deadlineWorkingDays decidedBy referTo doorstep eligibility { minAge localHukouRequired requiredTag }`;
const MATTER = `id street version retired retiredReason ${TERMS} versions { id version reason ${TERMS} }`;
const ADD = `mutation ($i: AddMatterInput!) { addMatter(input: $i) { ${MATTER} } }`;
const UPDATE = `mutation ($i: UpdateMatterInput!) { updateMatter(input: $i) { ${MATTER} } }`;
const RETIRE = `mutation ($c: String!, $r: String!) { retireMatter(code: $c, reason: $r) { ${MATTER} } }`;
const ONE = `query ($c: String!) { matter(code: $c) { ${MATTER} } }`;
const ALL = `query ($r: Boolean) { matters(includeRetired: $r) { code version retired } }`;
const REQUEST = `id dueDate materials { name collected } type { code version } matterVersion { id version deadlineWorkingDays requiredMaterials }`;
const CREATE = `mutation ($i: CreateServiceRequestInput!) { createServiceRequest(input: $i) { ${REQUEST} } }`;
const READ = `query ($id: ID!) { serviceRequest(id: $id) { ${REQUEST} } }`;

const resident = id('demo:resident:0');
const createRequest = (typeCode: string) =>
  call('GRID_WORKER', CREATE, { i: { clientRequestId: key(), residentId: resident, typeCode, channel: 'DOORSTEP' } });

/** The demo street's whole catalogue, retired matters too (what bad input must leave as it is). */
const catalogue = async () => (await ok('STREET_ADMIN', ALL, { r: true })).matters as { code: string; version: number; retired: boolean }[];

const CHANGES = `query ($e: ID) { changes(entityId: $e, first: 50) { totalCount nodes { entityType entityId communityId actor role action reason fields { field before after } } } }`;

interface ChangeNode {
  entityType: string;
  communityId: string | null;
  actor: string;
  role: string;
  action: string;
  reason: string | null;
  fields: { field: string; before: string | null; after: string | null }[];
}

/** The change records of one entity as `headers` may read them, oldest first. */
async function changeRecords(entityId: string, headers: Record<string, string> = as(stack, 'STREET_ADMIN')): Promise<ChangeNode[]> {
  const { body } = await gql(stack.gatewayUrl, CHANGES, { e: entityId }, headers);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return [...(body.data.changes.nodes as ChangeNode[])].reverse();
}

/** A street admin of another street (西湖街道), with no community of the demo street. */
const westAdmin = async () => ({
  authorization: `Bearer ${await issueToken(stack.keysDir, { sub: 'e2e-west-admin', role: 'STREET_ADMIN', street: '西湖街道', community_ids: [] })}`,
});

test('a change applies to requests created after it; older requests keep their version; a retired matter takes no new requests', async () => {
  const code = newCode();
  const before = (await catalogue()).length;
  const added = (
    await ok('STREET_ADMIN', ADD, {
      i: {
        code,
        name: '楼道堆物清理协调',
        requiredMaterials: ['身份证'],
        deadlineWorkingDays: 3,
        decidedBy: 'COMMUNITY',
        reason: '居民反映较多',
      },
    })
  ).addMatter;
  assert.equal(added.street, '东湖街道');
  assert.equal(added.version, 1);
  assert.deepEqual(added.eligibility, { minAge: null, localHukouRequired: false, requiredTag: null });
  assert.equal(added.doorstep, true);
  assert.equal(added.versions.length, 1);
  assert.equal((await catalogue()).length, before + 1);
  // Community staff read the catalogue (their community's street) and the matter's history.
  assert.ok((await ok('COMMUNITY_STAFF', ALL, {})).matters.some((m: { code: string }) => m.code === code));
  assert.equal((await ok('COMMUNITY_STAFF', ONE, { c: code })).matter.version, 1);

  // A request under version 1.
  const first = await createRequest(code);
  assert.equal(first.errors, undefined, JSON.stringify(first.errors));
  const r1 = first.data.createServiceRequest;
  const today = localDate();
  assert.equal(r1.dueDate, addWorkingDays(today, 3));
  assert.deepEqual(r1.materials, [{ name: '身份证', collected: false }]);
  assert.equal(r1.matterVersion.version, 1);

  // Version 2: a longer deadline and one more material.
  const updated = (
    await ok('STREET_ADMIN', UPDATE, {
      i: { code, deadlineWorkingDays: 7, requiredMaterials: ['身份证', '户口簿'], reason: '街道要求核对户籍' },
    })
  ).updateMatter;
  assert.equal(updated.version, 2);
  assert.equal(updated.deadlineWorkingDays, 7);
  assert.deepEqual(
    updated.versions.map((v: { version: number; deadlineWorkingDays: number; reason: string | null }) => [
      v.version,
      v.deadlineWorkingDays,
      v.reason,
    ]),
    [
      [1, 3, '居民反映较多'],
      [2, 7, '街道要求核对户籍'],
    ],
  );
  assert.equal(updated.name, '楼道堆物清理协调', 'fields not given stay');

  const r2 = (await createRequest(code)).data.createServiceRequest;
  assert.equal(r2.dueDate, addWorkingDays(today, 7));
  assert.deepEqual(
    r2.materials.map((m: { name: string }) => m.name),
    ['身份证', '户口簿'],
  );
  assert.deepEqual([r2.matterVersion.version, r2.matterVersion.deadlineWorkingDays], [2, 7]);

  // The first request keeps version 1: its deadline, materials and the version it shows.
  const again = (await ok('GRID_WORKER', READ, { id: r1.id })).serviceRequest;
  assert.equal(again.dueDate, addWorkingDays(today, 3));
  assert.deepEqual(again.materials, [{ name: '身份证', collected: false }]);
  assert.deepEqual(
    [again.matterVersion.version, again.matterVersion.deadlineWorkingDays, again.matterVersion.requiredMaterials],
    [1, 3, ['身份证']],
  );
  assert.deepEqual(again.type, { code, version: 2 }, 'the matter as it stands now');

  // A change that changes nothing writes nothing.
  const same = (await ok('STREET_ADMIN', UPDATE, { i: { code, deadlineWorkingDays: 7, reason: '再次确认' } })).updateMatter;
  assert.equal(same.version, 2);
  assert.equal(same.versions.length, 2);

  // Retired: no new requests; the old ones go on.
  const retired = (await ok('STREET_ADMIN', RETIRE, { c: code, r: '并入物业服务协调' })).retireMatter;
  assert.deepEqual([retired.retired, retired.retiredReason, retired.version], [true, '并入物业服务协调', 2]);
  assert.equal((await ok('STREET_ADMIN', RETIRE, { c: code, r: '再次停办' })).retireMatter.retiredReason, '并入物业服务协调', 'idempotent');
  const refused = await createRequest(code);
  assert.equal(refused.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.equal(refused.errors?.[0]?.extensions?.field, 'input.typeCode');
  const offered = (await ok('GRID_WORKER', `{ serviceTypes { code } }`)).serviceTypes as { code: string }[];
  assert.ok(!offered.some((m) => m.code === code), 'no longer offered');
  assert.ok(offered.some((m) => m.code === 'PENSION_CARD'));
  assert.ok(!(await ok('STREET_ADMIN', ALL, {})).matters.some((m: { code: string }) => m.code === code));
  assert.ok((await catalogue()).some((m) => m.code === code && m.version === 2));
  await ok('GRID_WORKER', `mutation ($i: TickMaterialsInput!) { tickMaterials(input: $i) { id } }`, {
    i: { id: r1.id, materials: ['身份证'], collected: true },
  });
  const step = await ok('GRID_WORKER', `mutation ($i: AdvanceServiceRequestInput!) { advanceServiceRequest(input: $i) { status } }`, {
    i: { id: r1.id, to: 'MATERIALS_COLLECTED' },
  });
  assert.equal(step.advanceServiceRequest.status, 'MATERIALS_COLLECTED', 'a request already taken goes on');
  const frozen = await call('STREET_ADMIN', UPDATE, { i: { code, deadlineWorkingDays: 9, reason: '停办后修改' } });
  assert.equal(frozen.errors?.[0]?.extensions?.field, 'input.code');

  // The change log: who, which fields, before and after; street-wide (no community).
  const records = await changeRecords(added.id);
  assert.deepEqual(
    records.map((r) => r.action),
    ['CREATE', 'UPDATE', 'RETIRE'],
  );
  for (const r of records) {
    assert.deepEqual([r.entityType, r.communityId, r.actor, r.role], ['ServiceType', null, 'demo-street-admin', 'STREET_ADMIN']);
  }
  const update = records[1]!;
  assert.equal(update.reason, '街道要求核对户籍');
  assert.deepEqual(
    update.fields.map((f) => [f.field, f.before, f.after]),
    [
      ['requiredMaterials', '["身份证"]', '["身份证","户口簿"]'],
      ['deadlineWorkingDays', '3', '7'],
      ['version', '1', '2'],
    ],
  );
  assert.equal(records[2]!.reason, '并入物业服务协调');
  // Street-wide records are the street admins' of that street: community staff and another street read none.
  assert.deepEqual(await changeRecords(added.id, as(stack, 'COMMUNITY_STAFF')), []);
  assert.deepEqual(await changeRecords(added.id, await westAdmin()), []);
});

test('bad input answers BAD_USER_INPUT naming the field and writes nothing', async () => {
  const base = { code: newCode(), name: '邻里纠纷调解', requiredMaterials: [], deadlineWorkingDays: 5, decidedBy: 'COMMUNITY' };
  const addCases: [Record<string, unknown>, string][] = [
    [{ code: 'lower_case' }, 'input.code'],
    [{ code: 'A' }, 'input.code'],
    [{ name: '调' }, 'input.name'],
    [{ description: '长'.repeat(501) }, 'input.description'],
    [{ requiredMaterials: ['身份证', ' '] }, 'input.requiredMaterials[1]'],
    [{ requiredMaterials: ['身份证', '身份证'] }, 'input.requiredMaterials[1]'],
    [{ requiredMaterials: Array.from({ length: 21 }, (_, i) => `材料${i}`) }, 'input.requiredMaterials'],
    [{ deadlineWorkingDays: 0 }, 'input.deadlineWorkingDays'],
    [{ deadlineWorkingDays: 61 }, 'input.deadlineWorkingDays'],
    [{ decidedBy: 'STREET' }, 'input.referTo'],
    [{ decidedBy: 'CITY', referTo: '市' }, 'input.referTo'],
    [{ eligibility: { minAge: 60 } }, 'input.referTo'],
    [{ eligibility: { minAge: 0 }, referTo: '街道民政科' }, 'input.eligibility.minAge'],
    [{ eligibility: { minAge: 121 }, referTo: '街道民政科' }, 'input.eligibility.minAge'],
    [{ eligibility: { requiredTag: 'disabled' }, referTo: '区残联窗口' }, 'input.eligibility.requiredTag'],
    [{ reason: '\u0000' }, 'input.reason'],
  ];
  const before = await catalogue();
  for (const [change, field] of addCases) {
    const { errors } = await call('STREET_ADMIN', ADD, { i: { ...base, ...change } });
    assert.equal(errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `${field}: ${JSON.stringify(errors)}`);
    assert.equal(errors?.[0]?.extensions?.field, field, JSON.stringify(change));
    assert.match(errors![0]!.message, /[\u4e00-\u9fff].*\(.+\)/, 'Chinese and English');
  }
  const taken = await call('STREET_ADMIN', ADD, { i: { ...base, code: 'PENSION_CARD', decidedBy: 'STREET', referTo: '街道政务服务中心' } });
  assert.equal(taken.errors?.[0]?.extensions?.code, 'CONFLICT');
  assert.match(taken.errors![0]!.message, /^input\.code:/);
  assert.deepEqual(await catalogue(), before, 'nothing added');

  // Changes: a matter of our own, then each bad change; it stays at version 1 with one change record.
  const own = (await ok('STREET_ADMIN', ADD, { i: base })).addMatter;
  const updateCases: [Record<string, unknown>, string][] = [
    [{ code: 'bad code' }, 'input.code'],
    [{ reason: '' }, 'input.reason'],
    [{ name: '' }, 'input.name'],
    [{ requiredMaterials: [''] }, 'input.requiredMaterials[0]'],
    [{ deadlineWorkingDays: 61 }, 'input.deadlineWorkingDays'],
    [{ decidedBy: 'STREET' }, 'input.referTo'],
    [{ eligibility: { localHukouRequired: true } }, 'input.referTo'],
    [{ eligibility: { minAge: -1 }, referTo: '街道民政科' }, 'input.eligibility.minAge'],
  ];
  for (const [change, field] of updateCases) {
    const { errors } = await call('STREET_ADMIN', UPDATE, { i: { code: base.code, reason: '调整办理时限', ...change } });
    assert.equal(errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `${field}: ${JSON.stringify(errors)}`);
    assert.equal(errors?.[0]?.extensions?.field, field, JSON.stringify(change));
  }
  const missing = await call('STREET_ADMIN', UPDATE, { i: { code: 'NO_SUCH_MATTER', deadlineWorkingDays: 3, reason: '调整办理时限' } });
  assert.equal(missing.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  const badRetire = await call('STREET_ADMIN', RETIRE, { c: base.code, r: '停' });
  assert.equal(badRetire.errors?.[0]?.extensions?.field, 'reason');
  const after = (await ok('STREET_ADMIN', ONE, { c: base.code })).matter;
  assert.deepEqual([after.version, after.versions.length, after.retired], [1, 1, false], 'no version written, not retired');
  assert.equal((await changeRecords(own.id)).length, 1, 'only the CREATE is recorded');
  const byCode = (rows: { code: string }[]) => new Map(rows.map((r) => [r.code, r]));
  assert.deepEqual(
    byCode(await catalogue()),
    byCode([...before, { code: base.code, version: 1, retired: false }]),
    'only our own matter added',
  );
});

test('only a street admin edits, and only its own street: community staff read; another street sees and edits nothing of it', async () => {
  const code = newCode();
  const input = {
    code,
    name: '老旧小区加装电梯咨询',
    requiredMaterials: ['房产证'],
    deadlineWorkingDays: 10,
    decidedBy: 'STREET',
    referTo: '街道城建科',
  };
  await ok('STREET_ADMIN', ADD, { i: input });
  for (const role of ['COMMUNITY_STAFF', 'GRID_WORKER', 'RESIDENT', 'PARTNER', 'OPS'] as const) {
    for (const [query, variables] of [
      [ADD, { i: { ...input, code: newCode() } }],
      [UPDATE, { i: { code, deadlineWorkingDays: 5, reason: '缩短时限' } }],
      [RETIRE, { c: code, r: '不再受理' }],
    ] as const) {
      const { errors } = await call(role, query, variables);
      assert.equal(errors?.[0]?.extensions?.code, 'FORBIDDEN', `${role}: ${JSON.stringify(errors)}`);
    }
  }
  assert.equal((await call('GRID_WORKER', ALL, {})).errors?.[0]?.extensions?.code, 'FORBIDDEN', 'the full catalogue is for managers');

  // Another street: its catalogue is its own (empty until it adds one), ours is not there to see or change.
  const west = await westAdmin();
  const body = async (query: string, variables: Record<string, unknown>) =>
    (await gql(stack.gatewayUrl, query, variables, { ...west })).body;
  assert.deepEqual((await body(ALL, { r: true })).data.matters, []);
  assert.equal((await body(ONE, { c: code })).data.matter, null);
  assert.equal(
    (await body(UPDATE, { i: { code, deadlineWorkingDays: 5, reason: '缩短时限' } })).errors?.[0]?.extensions?.code,
    'NOT_FOUND',
  );
  assert.equal((await body(RETIRE, { c: code, r: '不再受理' })).errors?.[0]?.extensions?.code, 'NOT_FOUND');
  // The same code in its own catalogue is another matter.
  const theirs = (await body(ADD, { i: { ...input, deadlineWorkingDays: 20 } })).data.addMatter;
  assert.deepEqual([theirs.street, theirs.version, theirs.deadlineWorkingDays], ['西湖街道', 1, 20]);
  assert.deepEqual(
    (await body(ALL, {})).data.matters.map((m: { code: string }) => m.code),
    [code],
  );
  const ours = (await ok('STREET_ADMIN', ONE, { c: code })).matter;
  assert.deepEqual([ours.street, ours.version, ours.deadlineWorkingDays, ours.retired], ['东湖街道', 1, 10, false], 'ours unchanged');
  assert.notEqual(ours.id, theirs.id);
  // Their change records are theirs: street-wide, of their street.
  const [record] = await changeRecords(theirs.id, west);
  assert.deepEqual([record?.action, record?.communityId, record?.actor], ['CREATE', null, 'e2e-west-admin']);
  assert.deepEqual(await changeRecords(theirs.id), [], 'the demo street admin does not read them');
});
