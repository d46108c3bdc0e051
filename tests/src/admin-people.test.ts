import { issueToken } from '@jwh/gateway/dev-keys';
import { makeNationalId } from '@jwh/people-grids/national-id';
import { addDays, localDate } from '@jwh/platform';
import { demoId, gql, expectRefusal } from '@jwh/testkit';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { as, stackForTests } from './harness.js';
import { recountClient } from './recount.js';

// Households and residents administration (issue 15, items 3 and 9) through the gateway: every
// mutation seen through the graph (members, counts of the grid and community, tags, birthdays),
// bad input writing nothing, the scope of each role, the change log, and the recount finding nothing
// to set right afterwards.

const stack = stackForTests();

const community0 = demoId('demo:community:0');
const community1 = demoId('demo:community:1');
const grid000 = demoId('demo:grid:0-0-0');
const grid001 = demoId('demo:grid:0-0-1');
const bigGrid00 = demoId('demo:grid:0-0');
const grid100 = demoId('demo:grid:1-0-0');
const today = localDate();
const year = Number(today.slice(0, 4));
const run = `${Date.now().toString(36)}`;

type Headers = { authorization: string };
const staff = () => as(stack, 'COMMUNITY_STAFF');
const admin = () => as(stack, 'STREET_ADMIN');
const worker = () => as(stack, 'GRID_WORKER');
let otherStaffToken: string | null = null;
/** Community staff of community 1 only (another community's secretary). */
const otherStaff = async (): Promise<Headers> => ({
  authorization: `Bearer ${(otherStaffToken ??= await issueToken(stack.keysDir, {
    sub: 'other-secretary',
    role: 'COMMUNITY_STAFF',
    community_ids: [community1],
  }))}`,
});

const call = async (headers: Headers, query: string, variables?: Record<string, unknown>) =>
  (await gql(stack.gatewayUrl, query, variables, headers)).body as { data?: any; errors?: { message: string; extensions?: any }[] };
const ok = async (headers: Headers, query: string, variables?: Record<string, unknown>) => {
  const body = await call(headers, query, variables);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
};
const refused = expectRefusal;

/** The read models the dashboards read: community and grid counts, elder-tier totals. */
async function counts() {
  const d = await ok(
    admin(),
    `query ($c: ID!, $g0: ID!, $g1: ID!, $b: ID!) {
      community(id: $c) { householdCount residentCount }
      g0: grid(id: $g0) { householdCount residentCount }
      g1: grid(id: $g1) { householdCount residentCount }
      big: grid(id: $b) { householdCount residentCount }
      tier70: residents(first: 1, filter: { communityId: $c, elderTier: AGE_70 }) { totalCount }
    }`,
    { c: community0, g0: grid000, g1: grid001, b: bigGrid00 },
  );
  return {
    community: d.community,
    g0: d.g0,
    g1: d.g1,
    big: d.big,
    tier70: d.tier70.totalCount as number,
  };
}

const HOUSEHOLD = `id address building grid { id } members { id name tags age } community { householdCount residentCount }`;
const RESIDENT = `id name gender birthDate age elderTier tags hukou status departure { kind date reason } phone nationalId household { id members { id } }`;

const createHousehold = (headers: Headers, input: Record<string, unknown>) =>
  call(headers, `mutation ($input: CreateHouseholdInput!) { createHousehold(input: $input) { ${HOUSEHOLD} } }`, { input });
const addResident = (headers: Headers, input: Record<string, unknown>) =>
  call(headers, `mutation ($input: AddResidentInput!) { addResident(input: $input) { ${RESIDENT} } }`, { input });
const updateResident = (headers: Headers, input: Record<string, unknown>) =>
  call(headers, `mutation ($input: UpdateResidentInput!) { updateResident(input: $input) { ${RESIDENT} } }`, { input });
const household = async (id: string) => (await ok(staff(), `query ($id: ID!) { household(id: $id) { ${HOUSEHOLD} } }`, { id })).household;
const resident = async (id: string) => (await ok(staff(), `query ($id: ID!) { resident(id: $id) { ${RESIDENT} } }`, { id })).resident;

/** A valid national ID for someone born on `birthDate` (odd sequence: male). */
let sequence = 100;
const idFor = (birthDate: string, male: boolean) => makeNationalId('429903', birthDate, (sequence += 2) + (male ? 1 : 0));
/** A birth date `age` years ago whose birthday is `inDays` days from today. */
const bornAgo = (age: number, inDays: number) => {
  const md = addDays(today, inDays).slice(5);
  return `${year - age}-${md === '02-29' ? '02-28' : md}`;
};

after(async () => {
  await closeRecounts();
});
/** An entity's change log as `headers` may read it (`changes`), oldest first. */
const changeRecords = async (entityId: string, headers: Headers = admin()) =>
  (
    await ok(
      headers,
      `query ($e: ID!) { changes(entityId: $e, first: 100) { nodes { actor role entityType action reason fields { field before after } } } }`,
      { e: entityId },
    )
  ).changes.nodes.reverse() as { actor: string; role: string; action: string; reason: string | null; fields: any[] }[];
const { settled: recountsSettled, recount, close: closeRecounts } = recountClient(stack, 'admin-people-test');

// Shared by the tests below, in order: the household and the elders created in the first tests.
const state = { householdId: '', elderId: '', spouseId: '', elderNationalId: '' };

test('createHousehold: in a small grid of the community, counts at once, idempotent; bad input and other scopes write nothing', async () => {
  await recountsSettled();
  const before = await counts();
  const input = {
    communityId: community0,
    address: `美湖社区管理测试${run}栋1单元101室`,
    building: `管理测试${run}栋`,
    gridId: grid000,
    idempotencyKey: `hh-${run}-0001`,
  };
  const created = await createHousehold(staff(), input);
  assert.equal(created.errors, undefined, JSON.stringify(created.errors));
  const h = created.data.createHousehold;
  assert.equal(h.grid.id, grid000);
  assert.deepEqual(h.members, []);
  state.householdId = h.id;
  const afterCreate = await counts();
  assert.equal(afterCreate.community.householdCount, before.community.householdCount + 1);
  assert.equal(afterCreate.g0.householdCount, before.g0.householdCount + 1);
  assert.equal(afterCreate.big.householdCount, before.big.householdCount + 1);
  assert.equal(h.community.householdCount, afterCreate.community.householdCount, 'the answer is read after the write');

  // A retry returns the same household and counts nothing twice; the key is the caller's own.
  assert.equal((await createHousehold(staff(), input)).data.createHousehold.id, h.id);
  refused(await createHousehold(admin(), input), 'CONFLICT');
  // The same address under another key: CONFLICT naming the address.
  refused(await createHousehold(staff(), { ...input, idempotencyKey: `hh-${run}-0002` }), 'CONFLICT', 'input.address');

  const bad: [Record<string, unknown>, string][] = [
    [{ gridId: bigGrid00 }, 'input.gridId'],
    [{ gridId: grid100 }, 'input.gridId'],
    [{ address: ' ' }, 'input.address'],
    [{ building: '' }, 'input.building'],
    [{ idempotencyKey: 'short' }, 'input.idempotencyKey'],
    [{ communityId: 'nope' }, 'input.communityId'],
  ];
  for (const [patch, field] of bad)
    refused(
      await createHousehold(staff(), { ...input, address: `美湖社区坏输入${run}号`, idempotencyKey: `hh-${run}-bad-${field}`, ...patch }),
      'BAD_USER_INPUT',
      field,
    );
  // Another community's staff, and a grid worker: nothing of community 0.
  refused(await createHousehold(await otherStaff(), { ...input, address: `别处${run}号`, idempotencyKey: `hh-${run}-other` }), 'NOT_FOUND');
  refused(await createHousehold(worker(), { ...input, address: `网格员${run}号`, idempotencyKey: `hh-${run}-worker` }), 'FORBIDDEN');
  assert.deepEqual(await counts(), afterCreate, 'refused input wrote nothing');

  const log = await changeRecords(h.id);
  assert.equal(log.length, 1);
  assert.equal(log[0]!.action, 'CREATE');
  assert.equal(log[0]!.actor, 'demo-secretary');
  // Who reads it: the household's grid worker and the street admin; not another community's staff.
  assert.equal((await changeRecords(h.id, worker())).length, 1);
  assert.deepEqual(await changeRecords(h.id, await otherStaff()), []);
});

test('addResident: birth date and sex from the ID, unique, counts, elder tier, birthdays and derived tags at once', async () => {
  const before = await counts();
  const birthDate = bornAgo(75, 3);
  const nationalId = idFor(birthDate, false);
  state.elderNationalId = nationalId;
  const input = {
    householdId: state.householdId,
    name: '管理测试甲',
    nationalId,
    phone: '13900001111',
    tags: ['LOW_INCOME'],
    idempotencyKey: `res-${run}-0001`,
  };
  const added = await addResident(staff(), input);
  assert.equal(added.errors, undefined, JSON.stringify(added.errors));
  const r = added.data.addResident;
  state.elderId = r.id;
  assert.deepEqual(
    { gender: r.gender, birthDate: r.birthDate, age: r.age, elderTier: r.elderTier, hukou: r.hukou, status: r.status },
    { gender: 'FEMALE', birthDate, age: 74, elderTier: 'AGE_70', hukou: 'LOCAL', status: 'ACTIVE' },
  );
  assert.deepEqual(r.tags, ['EMPTY_NEST', 'LIVING_ALONE', 'LOW_INCOME'], 'an elder alone: 独居 and 空巢, derived');
  assert.equal(r.phone, '139****1111');
  assert.deepEqual(
    r.household.members.map((m: { id: string }) => m.id),
    [r.id],
  );
  const afterAdd = await counts();
  assert.equal(afterAdd.community.residentCount, before.community.residentCount + 1);
  assert.equal(afterAdd.g0.residentCount, before.g0.residentCount + 1);
  assert.equal(afterAdd.big.residentCount, before.big.residentCount + 1);
  assert.equal(afterAdd.tier70, before.tier70 + 1, 'the elder-tier total (birth years read model)');
  const birthdays = await ok(
    staff(),
    `query ($c: ID!) { upcomingBirthdays(communityId: $c, days: 7, tier: AGE_70, first: 200) { nodes { resident { id } turningAge } } }`,
    { c: community0 },
  );
  assert.deepEqual(
    birthdays.upcomingBirthdays.nodes.filter((n: any) => n.resident.id === r.id).map((n: any) => n.turningAge),
    [75],
  );
  const found = await ok(staff(), `query ($n: String!) { residentByNationalId(nationalId: $n, purpose: "核对新登记居民") { id } }`, {
    n: nationalId,
  });
  assert.equal(found.residentByNationalId.id, r.id);

  // A retry returns the same resident; the same ID number otherwise is CONFLICT naming it.
  assert.equal((await addResident(staff(), input)).data.addResident.id, r.id);
  refused(await addResident(staff(), { ...input, idempotencyKey: `res-${run}-0002` }), 'CONFLICT', 'input.nationalId');
  refused(await addResident(staff(), { ...input, idempotencyKey: undefined }), 'CONFLICT', 'input.nationalId');

  const fresh = idFor(bornAgo(40, 10), true);
  const bad: [Record<string, unknown>, string][] = [
    [{ nationalId: fresh.slice(0, 17) + (fresh[17] === '0' ? '1' : '0') }, 'input.nationalId'],
    [{ nationalId: makeNationalId('429903', `${year + 1}-01-01`, 11) }, 'input.nationalId'],
    [{ name: ' ' }, 'input.name'],
    [{ phone: '1234' }, 'input.phone'],
    [{ tags: ['LIVING_ALONE'] }, 'input.tags'],
    [{ householdId: 'x' }, 'input.householdId'],
    [{ idempotencyKey: 'short' }, 'input.idempotencyKey'],
  ];
  for (const [patch, field] of bad)
    refused(await addResident(staff(), { ...input, nationalId: fresh, idempotencyKey: undefined, ...patch }), 'BAD_USER_INPUT', field);
  refused(await addResident(await otherStaff(), { ...input, nationalId: fresh, idempotencyKey: undefined }), 'NOT_FOUND');
  refused(await addResident(worker(), { ...input, nationalId: fresh, idempotencyKey: undefined }), 'FORBIDDEN');
  assert.deepEqual(await counts(), afterAdd, 'refused input wrote nothing');

  // A spouse joins: an elderly couple is 空巢, no one is 独居 any more.
  const spouse = await addResident(staff(), {
    householdId: state.householdId,
    name: '管理测试乙',
    nationalId: idFor(bornAgo(72, 40), true),
  });
  assert.equal(spouse.errors, undefined, JSON.stringify(spouse.errors));
  state.spouseId = spouse.data.addResident.id;
  assert.equal(spouse.data.addResident.gender, 'MALE');
  const members = (await household(state.householdId)).members;
  assert.deepEqual(Object.fromEntries(members.map((m: any) => [m.name, m.tags])), {
    管理测试甲: ['EMPTY_NEST', 'LOW_INCOME'],
    管理测试乙: ['EMPTY_NEST'],
  });

  const log = await changeRecords(r.id);
  assert.deepEqual(
    log.map((c) => c.action),
    ['CREATE', 'UPDATE'],
    'created, then its derived tags followed the spouse',
  );
  const fields = Object.fromEntries(log[0]!.fields.map((f: any) => [f.field, f.after]));
  assert.equal(fields.phone, '139****1111');
  assert.equal(fields.name, '管***甲');
  assert.equal(fields.nationalId, `${nationalId.slice(0, 6)}********${nationalId.slice(-4)}`);
  assert.deepEqual(
    (await changeRecords(r.id, worker())).map((c) => c.action),
    ['CREATE', 'UPDATE'],
    'the grid worker of its grid reads it',
  );
  refused(await call(as(stack, 'RESIDENT'), `query ($e: ID!) { changes(entityId: $e) { totalCount } }`, { e: r.id }), 'FORBIDDEN');
});

test('updateResident: a grid worker changes phone and tags in its grids only; staff move a resident to another household', async () => {
  const changed = await updateResident(worker(), { id: state.elderId, phone: '13700002222', tags: ['DISABLED'] });
  assert.equal(changed.errors, undefined, JSON.stringify(changed.errors));
  assert.equal(changed.data.updateResident.phone, '137****2222');
  assert.deepEqual(changed.data.updateResident.tags, ['DISABLED', 'EMPTY_NEST'], 'manual tags replaced, derived kept');
  const log = (await changeRecords(state.elderId)).at(-1)!;
  assert.equal(log.role, 'GRID_WORKER');
  assert.deepEqual(
    log.fields.find((f: any) => f.field === 'phone'),
    { field: 'phone', before: '139****1111', after: '137****2222' },
  );

  const before = await counts();
  refused(await updateResident(worker(), { id: state.elderId, hukou: 'NON_LOCAL' }), 'FORBIDDEN');
  refused(await updateResident(staff(), { id: state.elderId, phone: '2345' }), 'BAD_USER_INPUT', 'input.phone');
  refused(await updateResident(staff(), { id: state.elderId, tags: ['EMPTY_NEST'] }), 'BAD_USER_INPUT', 'input.tags');
  refused(await updateResident(staff(), { id: state.elderId, householdId: 'not-an-id' }), 'BAD_USER_INPUT', 'input.householdId');
  refused(
    await updateResident(staff(), { id: state.elderId, householdId: demoId('demo:household:0').replace(/^./, 'f') }),
    'BAD_USER_INPUT',
    'input.householdId',
  );
  refused(await updateResident(await otherStaff(), { id: state.elderId, phone: '13700004444' }), 'NOT_FOUND');
  // A grid worker outside its grids: a resident of grid 0-0-1.
  const elsewhere = (await ok(staff(), `query ($g: ID!) { residents(first: 1, filter: { gridId: $g }) { nodes { id } } }`, { g: grid001 }))
    .residents.nodes[0].id;
  refused(await updateResident(worker(), { id: elsewhere, phone: '13700005555' }), 'NOT_FOUND');
  assert.equal((await resident(state.elderId)).phone, '137****2222', 'refused input wrote nothing');
  assert.deepEqual(await counts(), before);

  // The spouse moves to a household of grid 0-0-1 and back: counts of both grids follow, tags too.
  const other = (
    await createHousehold(staff(), {
      communityId: community0,
      address: `美湖社区管理测试${run}栋2单元202室`,
      building: `管理测试${run}栋`,
      gridId: grid001,
      idempotencyKey: `hh-${run}-0003`,
    })
  ).data.createHousehold.id;
  const moved = await updateResident(staff(), { id: state.spouseId, householdId: other });
  assert.equal(moved.errors, undefined, JSON.stringify(moved.errors));
  assert.deepEqual(moved.data.updateResident.tags, ['EMPTY_NEST', 'LIVING_ALONE']);
  assert.deepEqual((await resident(state.elderId)).tags, ['DISABLED', 'EMPTY_NEST', 'LIVING_ALONE'], 'alone again');
  const afterMove = await counts();
  assert.equal(afterMove.g0.residentCount, before.g0.residentCount - 1);
  assert.equal(afterMove.g1.residentCount, before.g1.residentCount + 1);
  assert.equal(afterMove.community.residentCount, before.community.residentCount);
  assert.equal((await updateResident(staff(), { id: state.spouseId, householdId: state.householdId })).errors, undefined);
  assert.deepEqual((await resident(state.spouseId)).tags, ['EMPTY_NEST']);
  assert.equal((await counts()).g0.residentCount, before.g0.residentCount);
  assert.equal((await changeRecords(state.spouseId)).filter((c) => c.action === 'MOVE').length, 2);
});

test('splitHousehold and mergeHouseholds: members, grid counts and derived tags follow; bad input writes nothing', async () => {
  // The couple's grown-up son lives with them: no one is 空巢.
  const son = await addResident(staff(), { householdId: state.householdId, name: '管理测试丙', nationalId: idFor(bornAgo(40, 100), true) });
  assert.equal(son.errors, undefined, JSON.stringify(son.errors));
  const sonId = son.data.addResident.id;
  assert.deepEqual((await resident(state.elderId)).tags, ['DISABLED']);
  const before = await counts();
  const input = {
    householdId: state.householdId,
    residentIds: [sonId],
    address: `美湖社区管理测试${run}栋3单元303室`,
    gridId: grid001,
    reason: '子女成家分户',
  };
  const bad: [Record<string, unknown>, string][] = [
    [{ residentIds: [] }, 'input.residentIds'],
    [{ residentIds: [state.elderId, state.spouseId, sonId] }, 'input.residentIds'],
    [{ residentIds: [demoId('demo:resident:0')] }, 'input.residentIds'],
    [{ gridId: bigGrid00 }, 'input.gridId'],
    [{ reason: '' }, 'input.reason'],
    [{ address: '' }, 'input.address'],
  ];
  for (const [patch, field] of bad)
    refused(
      await call(staff(), `mutation ($input: SplitHouseholdInput!) { splitHousehold(input: $input) { id } }`, {
        input: { ...input, ...patch },
      }),
      'BAD_USER_INPUT',
      field,
    );
  refused(await call(worker(), `mutation ($input: SplitHouseholdInput!) { splitHousehold(input: $input) { id } }`, { input }), 'FORBIDDEN');
  assert.deepEqual(await counts(), before, 'refused input wrote nothing');

  const split = await ok(staff(), `mutation ($input: SplitHouseholdInput!) { splitHousehold(input: $input) { ${HOUSEHOLD} } }`, {
    input,
  });
  const newId = split.splitHousehold.id;
  assert.deepEqual(
    split.splitHousehold.members.map((m: any) => m.id),
    [sonId],
  );
  assert.equal(split.splitHousehold.grid.id, grid001);
  assert.deepEqual((await resident(state.elderId)).tags, ['DISABLED', 'EMPTY_NEST'], 'the parents are an empty nest now');
  const afterSplit = await counts();
  assert.equal(afterSplit.community.householdCount, before.community.householdCount + 1);
  assert.equal(afterSplit.community.residentCount, before.community.residentCount);
  assert.equal(afterSplit.g0.residentCount, before.g0.residentCount - 1);
  assert.equal(afterSplit.g1.householdCount, before.g1.householdCount + 1);
  assert.equal(afterSplit.g1.residentCount, before.g1.residentCount + 1);

  const merge = (input: Record<string, unknown>, headers = staff()) =>
    call(headers, `mutation ($input: MergeHouseholdsInput!) { mergeHouseholds(input: $input) { ${HOUSEHOLD} } }`, { input });
  refused(await merge({ fromHouseholdId: newId, intoHouseholdId: newId, reason: '合户' }), 'BAD_USER_INPUT', 'input.intoHouseholdId');
  refused(await merge({ fromHouseholdId: newId, intoHouseholdId: state.householdId, reason: '' }), 'BAD_USER_INPUT', 'input.reason');
  refused(await merge({ fromHouseholdId: newId, intoHouseholdId: 'ffffffffffffffffffffffff', reason: '合户' }), 'NOT_FOUND');
  refused(await merge({ fromHouseholdId: newId, intoHouseholdId: state.householdId, reason: '回家同住' }, await otherStaff()), 'NOT_FOUND');
  assert.deepEqual(await counts(), afterSplit);
  const merged = await merge({ fromHouseholdId: newId, intoHouseholdId: state.householdId, reason: '回家同住' });
  assert.equal(merged.errors, undefined, JSON.stringify(merged.errors));
  assert.equal(merged.data.mergeHouseholds.members.length, 3);
  assert.deepEqual((await resident(state.elderId)).tags, ['DISABLED']);
  assert.equal((await ok(staff(), `query ($id: ID!) { household(id: $id) { id } }`, { id: newId })).household, null);
  assert.deepEqual(await counts(), before, 'split and merged back: every count as before');
  assert.deepEqual(
    (await changeRecords(newId)).map((c) => c.action),
    ['CREATE', 'MERGE'],
  );
  // The son moves out of the community: kept on record, out of the household and the counts.
  const out = await call(
    staff(),
    `mutation ($input: RecordResidentMovedOutInput!) { recordResidentMovedOut(input: $input) { ${RESIDENT} } }`,
    { input: { id: sonId, date: today, reason: '迁往外省工作' } },
  );
  assert.equal(out.errors, undefined, JSON.stringify(out.errors));
  assert.equal(out.data.recordResidentMovedOut.status, 'MOVED_OUT');
  assert.deepEqual(out.data.recordResidentMovedOut.departure, { kind: 'MOVED_OUT', date: today, reason: '迁往外省工作' });
  assert.equal((await counts()).community.residentCount, before.community.residentCount - 1);
  assert.deepEqual((await resident(state.elderId)).tags, ['DISABLED', 'EMPTY_NEST']);
});

test('recordResidentDeath: the record is kept, marked; members, counts, tiers and birthdays leave it out; a grid worker may record it in its grids', async () => {
  const before = await counts();
  const death = (input: Record<string, unknown>, headers = worker()) =>
    call(headers, `mutation ($input: RecordResidentDeathInput!) { recordResidentDeath(input: $input) { ${RESIDENT} } }`, { input });
  refused(await death({ id: state.elderId, date: addDays(today, 1) }), 'BAD_USER_INPUT', 'input.date');
  refused(await death({ id: state.elderId, date: '1900-01-01' }), 'BAD_USER_INPUT', 'input.date');
  refused(await death({ id: state.elderId, date: today }, await otherStaff()), 'NOT_FOUND');
  refused(await death({ id: state.elderId, date: today }, as(stack, 'RESIDENT')), 'FORBIDDEN');
  assert.deepEqual(await counts(), before, 'refused input wrote nothing');

  const died = await death({ id: state.elderId, date: today, reason: '病故' });
  assert.equal(died.errors, undefined, JSON.stringify(died.errors));
  assert.equal(died.data.recordResidentDeath.status, 'DECEASED');
  const after = await counts();
  assert.equal(after.community.residentCount, before.community.residentCount - 1);
  assert.equal(after.g0.residentCount, before.g0.residentCount - 1);
  assert.equal(after.tier70, before.tier70 - 1);
  const h = await household(state.householdId);
  assert.deepEqual(
    h.members.map((m: any) => [m.name, m.tags]),
    [['管理测试乙', ['EMPTY_NEST', 'LIVING_ALONE']]],
    'the widower lives alone now',
  );
  const kept = await resident(state.elderId);
  assert.deepEqual(kept.departure, { kind: 'DECEASED', date: today, reason: '病故' });
  const birthdays = await ok(
    staff(),
    `query ($c: ID!) { upcomingBirthdays(communityId: $c, days: 7, first: 200) { nodes { resident { id } } } }`,
    {
      c: community0,
    },
  );
  assert.ok(!birthdays.upcomingBirthdays.nodes.some((n: any) => n.resident.id === state.elderId), 'no cake for the deceased');
  refused(await death({ id: state.elderId, date: today }), 'CONFLICT', 'input.id');
  refused(await updateResident(staff(), { id: state.elderId, phone: '13700006666' }), 'CONFLICT', 'input.id');
  const log = (await changeRecords(state.elderId)).at(-1)!;
  assert.equal(log.action, 'DEATH');
  assert.equal(log.role, 'GRID_WORKER');
  assert.equal(log.reason, '病故');
  // The number stays registered: adding it again is CONFLICT.
  refused(
    await addResident(staff(), { householdId: state.householdId, name: '管理测试甲', nationalId: state.elderNationalId }),
    'CONFLICT',
    'input.nationalId',
  );
});

test('a register row whose 网格 disagrees with the household at its address is rejected with the reason and writes nothing', async () => {
  const HEADER = ['户地址', '网格', '姓名', '性别', '出生日期', '身份证号', '手机', '户籍', '标签'];
  const birth = bornAgo(30, 50);
  const rows = [
    [`美湖社区管理测试${run}栋1单元101室`, '第2小网格', '导入不符', '男', birth, idFor(birth, true), '', '本地', ''],
    [`美湖社区管理测试${run}栋1单元101室`, '第1小网格', '导入相符', '女', birth, idFor(birth, false), '13600001234', '本地', '空巢'],
  ];
  const body = [HEADER.join(','), ...rows.map((r) => r.join(','))].join('\n');
  const base = stack.gatewayUrl.replace('/graphql', '');
  const before = await counts();
  const up = (await (
    await fetch(`${base}/uploads/people-grids?filename=${encodeURIComponent('管理测试.csv')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...staff() },
      body,
    })
  ).json()) as { uploadId: string };
  const started = await ok(staff(), `mutation ($u: ID!, $c: ID!) { startRegisterImport(uploadId: $u, communityId: $c) { id } }`, {
    u: up.uploadId,
    c: community0,
  });
  let job: any = null;
  for (let i = 0; i < 300 && !['DONE', 'FAILED'].includes(job?.status); i++) {
    await new Promise((r) => setTimeout(r, 100));
    job = (
      await ok(
        staff(),
        `query ($id: ID!) { importJob(id: $id) { status residentsCreated rejected errors(first: 10) { nodes { row field reason } } } }`,
        { id: started.startRegisterImport.id },
      )
    ).importJob;
  }
  assert.equal(job.status, 'DONE');
  assert.equal(job.rejected, 1);
  assert.equal(job.residentsCreated, 1);
  assert.deepEqual(
    job.errors.nodes.map((e: any) => [e.row, e.field]),
    [[2, 'grid']],
  );
  assert.match(job.errors.nodes[0].reason, /第1小网格.*第2小网格|move the household first/);
  const members = (await household(state.householdId)).members;
  assert.deepEqual(
    members.map((m: any) => m.name).sort(),
    ['导入相符', '管理测试乙'],
    'the rejected row wrote nothing; the accepted one joined the household',
  );
  // 空巢 from the file is not taken: a 30-year-old joining a widower is no empty nest; he is no longer alone.
  assert.deepEqual(Object.fromEntries(members.map((m: any) => [m.name, m.tags])), { 导入相符: [], 管理测试乙: [] });
  const after = await counts();
  assert.equal(after.community.residentCount, before.community.residentCount + 1);
  assert.equal(after.g0.residentCount, before.g0.residentCount + 1);
  assert.equal(after.community.householdCount, before.community.householdCount);
});

test('after every mutation and the import, the recount job finds nothing to set right', async () => {
  const report = await recount(community0);
  assert.deepEqual(report.changed, {
    grids: 0,
    households: 0,
    residents: 0,
    tags: 0,
    community: 0,
    tallies: 0,
    summaries: 0,
    buildings: 0,
  });
});
