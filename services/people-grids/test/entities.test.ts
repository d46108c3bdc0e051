import { DEADLINE_HEADER, engineOf, stableObjectId } from '@jwh/platform';
import { identityHeaders, mongoCommandCount, gql, subgraphUnderTest, testOverrides } from '@jwh/testkit';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startPeopleGrids } from '../src/app.js';
import { loadEnvironment } from '../src/environment.js';

const t = subgraphUnderTest(loadEnvironment, startPeopleGrids);

const ENTITIES = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Resident { id name household { address } } } }`;

test('100 Resident references resolve with one find for residents and one for their households (MongoDB), or one point read each (FerretDB)', async () => {
  const representations = Array.from({ length: 100 }, (_, n) => ({
    __typename: 'Resident',
    id: String(stableObjectId(`demo:resident:${n}`)),
  }));
  const before = await mongoCommandCount(t.sg.metrics, 'find');
  const { body } = await gql(t.sg.url, ENTITIES, { representations }, t.asAdmin);
  const finds = (await mongoCommandCount(t.sg.metrics, 'find')) - before;
  assert.equal(body.errors, undefined);
  const entities = body.data._entities as { id: string; name: string; household: { address: string } }[];
  assert.equal(entities.length, 100);
  assert.deepEqual(
    entities.map((e) => e.id),
    representations.map((r) => r.id),
  );
  assert.ok(entities.every((e) => e.name && e.household.address));
  if (engineOf(t.sg.conn) === 'mongodb') assert.equal(finds, 2, `expected 2 finds (residents, households), saw ${finds}`);
  else {
    // No query planner: a point read by _id per distinct row, never a scan per batch.
    const households = new Set(entities.map((e) => e.household.address)).size;
    assert.equal(finds, 100 + households, `expected ${100 + households} point reads, saw ${finds}`);
  }
});

test('an unknown or malformed reference resolves to null, not an error', async () => {
  const { body } = await gql(
    t.sg.url,
    ENTITIES,
    {
      representations: [
        { __typename: 'Resident', id: String(stableObjectId('no such resident')) },
        { __typename: 'Resident', id: 'not-an-id' },
      ],
    },
    t.asAdmin,
  );
  assert.deepEqual(body.data._entities, [null, null]);
});

test('residents page with a total count and a cursor, and reject first > 200 naming the field', async () => {
  const q = `query ($after: String, $first: Int) { residents(first: $first, after: $after, filter: { namePrefix: "王" }) { totalCount pageInfo { hasNextPage endCursor } nodes { id name } } }`;
  const page1 = await gql(t.sg.url, q, { first: 3 }, t.asAdmin);
  const r1 = page1.body.data.residents;
  assert.ok(r1.totalCount > 3);
  assert.ok(r1.nodes.every((n: { name: string }) => n.name.startsWith('王')));
  const page2 = await gql(t.sg.url, q, { first: 3, after: r1.pageInfo.endCursor }, t.asAdmin);
  const ids1 = new Set(r1.nodes.map((n: { id: string }) => n.id));
  assert.ok(page2.body.data.residents.nodes.every((n: { id: string }) => !ids1.has(n.id)));
  const tooMany = await gql(t.sg.url, q, { first: 201 }, t.asAdmin);
  assert.equal(tooMany.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.equal(tooMany.body.errors?.[0]?.extensions?.field, 'first');
});

test('a call that did not come through the gateway gets 401 and no data', async () => {
  const none = await gql(t.sg.url, `{ residents { totalCount } }`);
  assert.equal(none.status, 401);
  assert.equal(none.body.data, undefined);
  const forged = await gql(
    t.sg.url,
    `{ residents { totalCount } }`,
    undefined,
    // Signed by a gateway key this subgraph does not know.
    await identityHeaders({ role: 'STREET_ADMIN' }, { IDENTITY_PUBLIC_KEYS: testOverrides().IDENTITY_PUBLIC_KEYS! }),
  );
  assert.equal(forged.status, 401);
});

test("reads carry the caller's deadline as maxTimeMS, and none starts once it has passed", async () => {
  const sent: { name: string; maxTimeMS?: number }[] = [];
  // The query's own collections only: a start-up task of the subgraph (the recounts it queues) may
  // read others at the same moment on a loaded machine, outside any request.
  const listen = (e: { commandName: string; command: { find?: string; maxTimeMS?: number } }) => {
    if (e.commandName === 'find' && (e.command.find === 'residents' || e.command.find === 'households'))
      sent.push({ name: e.commandName, maxTimeMS: e.command.maxTimeMS });
  };
  const client = t.sg.conn.getClient();
  client.on('commandStarted', listen);
  try {
    const q = `{ residents(first: 5) { nodes { id household { address } } } }`;
    const ok = await gql(t.sg.url, q, {}, { ...t.asAdmin, [DEADLINE_HEADER]: '1500' });
    assert.equal(ok.body.errors, undefined);
    assert.ok(sent.length > 0);
    for (const c of sent) assert.ok(c.maxTimeMS !== undefined && c.maxTimeMS > 0 && c.maxTimeMS <= 1500, `maxTimeMS ${c.maxTimeMS}`);
    // Let any read the first request left in flight land before counting the second's.
    await new Promise((r) => setTimeout(r, 300));
    sent.length = 0;
    // A budget of 1 ms has passed before the first resolver runs: nothing reaches the database.
    const late = await gql(t.sg.url, q, {}, { ...t.asAdmin, [DEADLINE_HEADER]: '1' });
    assert.ok(late.body.errors?.length, 'the late request fails');
    assert.equal(sent.length, 0, `${sent.length} finds after the deadline`);
  } finally {
    client.off('commandStarted', listen);
  }
});

test('an unfiltered grid list pages bucket by bucket: every resident of the grid once, as many as its total', async () => {
  const grid = String(stableObjectId('demo:grid:0-0-0'));
  const q = `query ($g: ID!, $after: String) { residents(first: 7, after: $after, filter: { gridId: $g }) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`;
  const seen: string[] = [];
  let after: string | null = null;
  let total = -1;
  do {
    const { body }: { body: any } = await gql(t.sg.url, q, { g: grid, after }, t.asAdmin);
    assert.equal(body.errors, undefined);
    total = body.data.residents.totalCount;
    seen.push(...body.data.residents.nodes.map((n: { id: string }) => n.id));
    after = body.data.residents.pageInfo.hasNextPage ? body.data.residents.pageInfo.endCursor : null;
  } while (after);
  const models = t.sg.models;
  const inGrid = (await models.Resident.find({ gridId: grid }, { _id: 1 }).lean().exec()).map((r) => String(r._id));
  assert.ok(inGrid.length > 20, 'a grid of the test data set has residents in many buckets');
  assert.equal(new Set(seen).size, seen.length, 'no resident twice');
  assert.deepEqual([...seen].sort(), inGrid.sort(), 'every resident of the grid');
  assert.equal(total, inGrid.length);
});

test('data from before an upgrade (no list bucket, no gap flag) is listed again once the recount brings its community to the read-model version', async () => {
  const { READ_MODEL_VERSION, recountGridHouseholds } = await import('../src/jobs/grid-stats.job.js');
  const models = t.sg.models;
  const community = String(stableObjectId('demo:community:1'));
  const list = async () =>
    (
      await gql(
        t.sg.url,
        `query ($c: ID!) { residents(first: 5, filter: { communityId: $c }) { nodes { id } } }`,
        { c: community },
        t.asAdmin,
      )
    ).body.data.residents.nodes.length;
  assert.equal(await list(), 5);
  await models.Resident.updateMany({ communityId: community }, { $unset: { listBucket: 1 } }).exec();
  await models.Household.updateMany({ communityId: community }, { $unset: { ungridded: 1 } }).exec();
  await models.Community.updateOne({ _id: community }, { $unset: { readModelVersion: 1 } }).exec();
  assert.equal(await list(), 0, 'residents without a bucket fall in no partition');
  assert.equal(
    (
      await models.Community.find({ readModelVersion: { $ne: READ_MODEL_VERSION } }, { _id: 1 })
        .lean()
        .exec()
    ).length >= 1,
    true,
    'a start finds it behind',
  );
  await recountGridHouseholds(models, { communityId: community });
  assert.equal(await list(), 5);
  assert.equal((await models.Community.findById(community).lean().exec())?.readModelVersion, READ_MODEL_VERSION);
  assert.equal(await models.Household.countDocuments({ communityId: community, ungridded: { $exists: false } }).exec(), 0);
});
