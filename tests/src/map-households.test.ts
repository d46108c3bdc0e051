// The living map's buildings and a grid's households with their tags (issue 17), through the gateway:
// the demo community's buildings drawn on its plan near their grid's facilities, placeBuilding
// (validation naming the field and writing nothing, idempotence, the change log, who may place), the
// building counts kept by household writes, a grid's household pages (a cursor walk covering the
// grid exactly once, tags equal to the members' tags, kept at once by a tag change) and their scope.
import { DEMO_USERS, issueToken } from '@jwh/gateway/dev-keys';
import { type Role } from '@jwh/platform';
import { allPages, demoId as id, expectRefusal, gql, roleClient } from '@jwh/testkit';
import mongoose from 'mongoose';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { env } from './environment.js';
import { as, stackForTests } from './harness.js';
import { recountClient } from './recount.js';

const run = Date.now().toString(36);
const community0 = id('demo:community:0');
const grid000 = id('demo:grid:0-0-0');
const grid001 = id('demo:grid:0-0-1');
const bigGrid00 = id('demo:grid:0-0');
const community1 = id('demo:community:1');

const stack = stackForTests();
const { call, ok } = roleClient<Role>(
  () => stack.gatewayUrl,
  (role) => as(stack, role),
);

/** Database commands people-grids sent while `fn` ran (its `mongo_commands_total`). */
async function commandsDuring(fn: () => Promise<unknown>): Promise<number> {
  const total = async () => {
    const text = await (await fetch(stack.subgraphUrls['people-grids']!.replace(/\/graphql$/, '/metrics'))).text();
    return [...text.matchAll(/^mongo_commands_total\{[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
  };
  const before = await total();
  await fn();
  return (await total()) - before;
}

let conn: mongoose.Connection | null = null;
after(async () => {
  await recounts.close();
  await conn?.close();
});
const recounts = recountClient(stack, 'map-households-test');

/** Buildings and change records stored so far (bad input must leave both as they were). */
async function stored(): Promise<{ buildings: number; changes: number }> {
  conn ??= await mongoose.createConnection(env.MONGO_URL).asPromise();
  const prefix = stack.common.MONGO_DB_PREFIX!;
  return {
    buildings: await conn.useDb(`${prefix}people_grids`).db!.collection('buildings').countDocuments({}),
    changes: await conn.useDb(`${prefix}change_log`).db!.collection('changerecords').countDocuments({}),
  };
}

interface Building {
  id: string;
  name: string;
  lat: number | null;
  lng: number | null;
  householdCount: number;
  grid: { id: string } | null;
}
const BUILDINGS = `query ($c: ID!) { community(id: $c) { householdCount buildings { id name lat lng householdCount grid { id } } } }`;
const buildingsOf = async (role: Role = 'COMMUNITY_STAFF', c = community0) =>
  (await ok(role, BUILDINGS, { c })).community as { householdCount: number; buildings: Building[] };
const PLACE = `mutation ($i: PlaceBuildingInput!) { placeBuilding(input: $i) { id name lat lng householdCount grid { id } } }`;
const metres = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) =>
  Math.hypot((a.lat - b.lat) * 111_195, (a.lng - b.lng) * 111_195 * Math.cos((a.lat * Math.PI) / 180));

test('the demo community’s buildings: each drawn on the plan near its grid’s facilities, with its households counted', async () => {
  await recounts.settled();
  const { householdCount, buildings } = await buildingsOf();
  assert.ok(buildings.length >= 9, `${buildings.length} buildings`);
  assert.ok(
    buildings.every((b) => b.lat !== null && b.lng !== null && b.grid),
    'every demo building has a point and a grid',
  );
  assert.deepEqual(
    buildings.map((b) => b.name),
    [...buildings.map((b) => b.name)].sort((a, b) => a.localeCompare(b, 'zh-CN', { numeric: true })),
    'by name, 2栋 before 10栋',
  );
  // Every household but the one outside every grid (no building) is in a building.
  assert.equal(
    buildings.reduce((n, b) => n + b.householdCount, 0),
    householdCount - 1,
  );
  // Near its grid's facilities: closer to its own grid's nearest facility than the plan is wide.
  const grids = (
    await ok('COMMUNITY_STAFF', `query ($c: ID!) { community(id: $c) { grids(level: SMALL) { id facilities { lat lng } } } }`, {
      c: community0,
    })
  ).community.grids as { id: string; facilities: { lat: number; lng: number }[] }[];
  const facilitiesOf = new Map(grids.map((g) => [g.id, g.facilities]));
  for (const b of buildings) {
    const own = facilitiesOf.get(b.grid!.id) ?? [];
    assert.ok(own.length > 0, `grid of ${b.name} has facilities`);
    const nearest = Math.min(...own.map((f) => metres(f, b as { lat: number; lng: number })));
    assert.ok(nearest < 400, `${b.name} is ${Math.round(nearest)} m from its grid's nearest facility`);
  }
  // A grid's households name exactly its buildings, as many as each counts.
  const pages = await allPages(async (after) => {
    const d = await ok(
      'COMMUNITY_STAFF',
      `query ($g: ID!, $a: String) { grid(id: $g) { households(first: 200, after: $a) { nodes { building } pageInfo { hasNextPage endCursor } } } }`,
      { g: grid000, a: after },
    );
    return d.grid.households;
  }, 20);
  const perBuilding = new Map<string, number>();
  for (const h of pages.flatMap((p: { nodes: { building: string }[] }) => p.nodes))
    perBuilding.set(h.building, (perBuilding.get(h.building) ?? 0) + 1);
  assert.deepEqual(
    Object.fromEntries(buildings.filter((b) => b.grid!.id === grid000).map((b) => [b.name, b.householdCount])),
    Object.fromEntries(perBuilding),
  );
  // Another community's buildings are not listed to this community's staff; a resident has none to see.
  const other = await call('COMMUNITY_STAFF', BUILDINGS, { c: community1 });
  assert.equal(other.data?.community ?? null, null);
  expectRefusal(await call('RESIDENT', BUILDINGS, { c: community0 }), 'FORBIDDEN');
});

test('placeBuilding: bad input names its field and writes nothing; placing is idempotent and logged; only managers of the community place', async () => {
  await recounts.settled();
  const centre = { lat: 30.5435, lng: 114.3421 };
  const name = `测绘${run}栋`;
  const input = { communityId: community0, name, ...centre };
  const before = await stored();
  const bad: [Record<string, unknown>, string][] = [
    [{ lat: 91 }, 'input.lat'],
    [{ lng: -181 }, 'input.lng'],
    [{ lat: centre.lat + 1 }, 'input.lat'],
    [{ lng: centre.lng - 0.5 }, 'input.lng'],
    [{ name: ' ' }, 'input.name'],
    [{ name: 'x'.repeat(31) }, 'input.name'],
  ];
  for (const [change, field] of bad)
    expectRefusal(await call('COMMUNITY_STAFF', PLACE, { i: { ...input, ...change } }), 'BAD_USER_INPUT', field);
  // A grid worker places nothing; community 1's secretary cannot place in community 0.
  expectRefusal(await call('GRID_WORKER', PLACE, { i: input }), 'FORBIDDEN');
  const secretaryOf1 = {
    authorization: `Bearer ${await issueToken(stack.keysDir, { sub: `map-secretary-1-${run}`, role: 'COMMUNITY_STAFF', staff_id: id('demo:staff:23'), community_ids: [community1] })}`,
  };
  expectRefusal((await gql(stack.gatewayUrl, PLACE, { i: input }, secretaryOf1)).body, 'NOT_FOUND');
  assert.deepEqual(await stored(), before, 'refused calls wrote nothing');

  const placed = (await ok('COMMUNITY_STAFF', PLACE, { i: input })).placeBuilding as Building;
  assert.deepEqual({ ...placed, id: undefined }, { id: undefined, name, ...centre, householdCount: 0, grid: null });
  // The same point again (a retry, or the street admin): the same row, nothing written.
  const again = await stored();
  assert.equal((await ok('COMMUNITY_STAFF', PLACE, { i: input })).placeBuilding.id, placed.id);
  assert.equal((await ok('STREET_ADMIN', PLACE, { i: { ...input, name: ` ${name} ` } })).placeBuilding.id, placed.id, 'by name, trimmed');
  assert.deepEqual(await stored(), again, 'placing at the same point writes nothing');
  // Moved: one record more, before and after.
  const moved = { lat: centre.lat + 0.001, lng: centre.lng + 0.001 };
  assert.deepEqual((await ok('STREET_ADMIN', PLACE, { i: { ...input, ...moved } })).placeBuilding, { ...placed, ...moved });
  const log = (
    await ok(
      'COMMUNITY_STAFF',
      `query ($e: ID!) { changes(entityId: $e, first: 10) { nodes { entityType action role fields { field before after } } } }`,
      { e: placed.id },
    )
  ).changes.nodes.reverse();
  assert.deepEqual(
    log.map((r: { action: string; role: string; entityType: string }) => [r.entityType, r.action, r.role]),
    [
      ['Building', 'CREATE', 'COMMUNITY_STAFF'],
      ['Building', 'UPDATE', 'STREET_ADMIN'],
    ],
  );
  assert.deepEqual(log[1].fields, [
    { field: 'lat', before: String(centre.lat), after: String(moved.lat) },
    { field: 'lng', before: String(centre.lng), after: String(moved.lng) },
  ]);

  // Households in it count at once and give it their grid; a household in a building no one placed
  // brings the building in without a point (listed, not drawn).
  const CREATE = `mutation ($i: CreateHouseholdInput!) { createHousehold(input: $i) { id building } }`;
  const household = (i: number, building: string) => ({
    communityId: community0,
    gridId: grid000,
    building,
    address: `美湖社区${building}1单元${i}01室`,
    idempotencyKey: `map-${run}-${i}`,
  });
  await ok('COMMUNITY_STAFF', CREATE, { i: household(1, name) });
  await ok('COMMUNITY_STAFF', CREATE, { i: household(2, name) });
  await ok('COMMUNITY_STAFF', CREATE, { i: household(3, `未测绘${run}栋`) });
  const { buildings } = await buildingsOf('GRID_WORKER');
  assert.deepEqual(
    buildings.find((b) => b.id === placed.id),
    { ...placed, ...moved, householdCount: 2, grid: { id: grid000 } },
  );
  const unplaced = buildings.find((b) => b.name === `未测绘${run}栋`);
  assert.deepEqual(
    { ...unplaced, id: undefined },
    { id: undefined, name: `未测绘${run}栋`, lat: null, lng: null, householdCount: 1, grid: { id: grid000 } },
  );
  const report = await recounts.recount(community0);
  assert.equal(report.changed.buildings, 0, 'the write paths kept the buildings: the recount finds nothing');
  assert.equal(report.changed.summaries, 0, 'nor households’ tags and member counts');
});

const HOUSEHOLDS = `query ($g: ID!, $n: Int, $a: String) { grid(id: $g) { householdCount households(first: $n, after: $a) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id memberCount tags members { tags } grid { id } } } } }`;
interface HouseholdRow {
  id: string;
  memberCount: number;
  tags: string[];
  members: { tags: string[] }[];
  grid: { id: string };
}
const TAG_ORDER = ['LOW_INCOME', 'DISABLED', 'EMPTY_NEST', 'LIVING_ALONE', 'VETERAN_FAMILY', 'RETIRED_CADRE', 'UNEMPLOYED'];
const unionOf = (h: HouseholdRow) => TAG_ORDER.filter((t) => h.members.some((m) => m.tags.includes(t)));

async function walk(role: Role, gridId: string, first: number) {
  let householdCount = 0;
  let totalCount = 0;
  const pages = await allPages(async (after) => {
    const d = await ok(role, HOUSEHOLDS, { g: gridId, n: first, a: after });
    householdCount = d.grid.householdCount;
    totalCount = d.grid.households.totalCount;
    return d.grid.households;
  }, 200);
  return { householdCount, totalCount, pages, rows: pages.flatMap((p: { nodes: HouseholdRow[] }) => p.nodes) };
}

test('a grid’s households: a cursor walk covers the grid’s household count once each, with the members’ tags; a big grid walks its small grids', async () => {
  await recounts.settled();
  const mine = await walk('GRID_WORKER', grid000, 7);
  assert.equal(mine.rows.length, mine.householdCount);
  assert.equal(mine.totalCount, mine.householdCount);
  assert.equal(new Set(mine.rows.map((h) => h.id)).size, mine.rows.length, 'each household once');
  assert.ok(mine.pages.slice(0, -1).every((p: { nodes: unknown[] }) => p.nodes.length === 7));
  assert.ok(mine.rows.every((h) => h.grid.id === grid000));
  for (const h of mine.rows) {
    assert.equal(h.memberCount, h.members.length, `${h.id}: member count`);
    assert.deepEqual(h.tags, unionOf(h), `${h.id}: the members' tags`);
  }
  assert.ok(
    mine.rows.some((h) => h.tags.length > 0),
    'the demo grid has tagged households (the test can fail)',
  );
  // The default page is 50.
  assert.equal((await ok('GRID_WORKER', HOUSEHOLDS, { g: grid000 })).grid.households.nodes.length, Math.min(50, mine.householdCount));
  // A page of 50 with tags and member counts is a few reads, whatever the page holds: the grid, the
  // cursor's household, one `{ gridId }` read of households (their read model carries the tags).
  const PAGE = `query ($g: ID!, $a: String) { grid(id: $g) { households(first: 50, after: $a) { nodes { id building address memberCount tags } } } }`;
  const cursor = mine.pages[0].pageInfo.endCursor;
  const commands = await commandsDuring(() => ok('GRID_WORKER', PAGE, { g: grid000, a: cursor }));
  process.stdout.write(`# a grid worker's page of 50 households with tags: ${commands} database commands\n`);
  assert.ok(commands <= 3, `${commands} commands`);

  const big = await walk('COMMUNITY_STAFF', bigGrid00, 200);
  assert.equal(big.rows.length, big.householdCount);
  assert.equal(new Set(big.rows.map((h) => h.id)).size, big.rows.length);
  assert.equal(new Set(big.rows.map((h) => h.grid.id)).size, 3, 'its three small grids');

  // A tag set by hand shows on the household at once (its read model is kept with the write).
  const target = mine.rows.find((h) => h.memberCount > 0 && !h.tags.includes('VETERAN_FAMILY'))!;
  const resident = (await ok('GRID_WORKER', `query ($h: ID!) { household(id: $h) { members { id tags } } }`, { h: target.id })).household
    .members[0] as { id: string; tags: string[] };
  const manual = (tags: string[]) => tags.filter((t) => t !== 'EMPTY_NEST' && t !== 'LIVING_ALONE');
  const UPDATE = `mutation ($i: UpdateResidentInput!) { updateResident(input: $i) { id } }`;
  const TAGS = `query ($h: ID!) { household(id: $h) { tags memberCount } }`;
  await ok('GRID_WORKER', UPDATE, { i: { id: resident.id, tags: [...manual(resident.tags), 'VETERAN_FAMILY'] } });
  assert.ok((await ok('GRID_WORKER', TAGS, { h: target.id })).household.tags.includes('VETERAN_FAMILY'));
  await ok('GRID_WORKER', UPDATE, { i: { id: resident.id, tags: manual(resident.tags) } });
  assert.deepEqual((await ok('GRID_WORKER', TAGS, { h: target.id })).household, { tags: target.tags, memberCount: target.memberCount });

  // `first` out of range is refused before any subgraph is asked.
  for (const n of [0, 201]) expectRefusal(await call('GRID_WORKER', HOUSEHOLDS, { g: grid000, n }), 'BAD_USER_INPUT', 'first');
});

test('scope: a grid worker is refused another grid’s households (and its big grid’s); another community’s grid is not found', async () => {
  const PAGE = `query ($g: ID!) { grid(id: $g) { id households(first: 5) { nodes { id } } } }`;
  for (const g of [grid001, bigGrid00]) {
    const refused = await call('GRID_WORKER', PAGE, { g });
    expectRefusal(refused, 'FORBIDDEN');
    assert.equal(refused.data?.grid ?? null, null, 'no household of another grid comes back');
  }
  // Nested under the community's grid tree the same: nothing of another grid.
  const tree = await call(
    'GRID_WORKER',
    `query ($c: ID!) { community(id: $c) { grids(level: SMALL) { id households(first: 5) { nodes { id } } } } }`,
    {
      c: community0,
    },
  );
  expectRefusal(tree, 'FORBIDDEN');
  assert.equal(tree.data?.community ?? null, null);
  // A grid of another community: the grid itself is not found for a worker or for community staff.
  for (const role of ['GRID_WORKER', 'COMMUNITY_STAFF'] as const)
    assert.equal((await ok(role, PAGE, { g: id('demo:grid:1-0-0') })).grid, null);
  // A resident and a partner page no grid's households.
  for (const role of ['RESIDENT', 'PARTNER'] as const) expectRefusal(await call(role, PAGE, { g: grid000 }), 'FORBIDDEN');
  // The grid worker of grid 0-0-1 pages its own.
  const own = {
    authorization: `Bearer ${await issueToken(stack.keysDir, { ...DEMO_USERS.GRID_WORKER, sub: `map-worker-001-${run}`, staff_id: id('demo:staff:5'), grid_ids: [grid001] })}`,
  };
  const { body } = await gql(stack.gatewayUrl, PAGE, { g: grid001 }, own);
  assert.equal(body.data.grid.households.nodes.length, 5, JSON.stringify(body.errors));
});
