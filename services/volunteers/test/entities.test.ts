import { engineOf, stableObjectId, type Viewer } from '@jwh/platform';
import { demoIds, entityReferences, identityHeaders, mongoCommandCount, gql, subgraphUnderTest } from '@jwh/testkit';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startVolunteers } from '../src/app.js';
import { loadEnvironment } from '../src/environment.js';

// These tests read no resident, so people-grids is not running.
const t = subgraphUnderTest(loadEnvironment, startVolunteers, { PEOPLE_GRIDS_URL: 'http://127.0.0.1:9/graphql' });

test('100 Resident references get their volunteer profile with one find', async () => {
  const { query, variables } = entityReferences('Resident', demoIds('resident', 100), 'id volunteer { skills pointsBalance }');
  const before = await mongoCommandCount(t.sg.metrics, 'find');
  const { body } = await gql(t.sg.url, query, variables, t.asAdmin);
  assert.equal(body.errors, undefined);
  const entities = body.data._entities as { volunteer: unknown }[];
  assert.equal(entities.filter((e) => e.volunteer).length, 34, 'every third demo resident volunteers');
  // One `$in` per batch; on FerretDB's PostgreSQL backend one pushed-down equality read per resident.
  assert.equal((await mongoCommandCount(t.sg.metrics, 'find')) - before, engineOf(t.sg.conn) === 'ferretdb-postgresql' ? 100 : 1);
});

test('100 Resident references get their meal cards and sign-ups with one find each', async () => {
  const { query, variables } = entityReferences('Resident', demoIds('resident', 100), 'id mealCard { cardNo } signUps { id }');
  const before = await mongoCommandCount(t.sg.metrics, 'find');
  const { body } = await gql(t.sg.url, query, variables, t.asAdmin);
  assert.equal(body.errors, undefined);
  const entities = body.data._entities as { mealCard: unknown }[];
  assert.equal(entities.filter((e) => e.mealCard).length, 5, 'the demo cards');
  assert.equal((await mongoCommandCount(t.sg.metrics, 'find')) - before, engineOf(t.sg.conn) === 'ferretdb-postgresql' ? 200 : 2);
});

test('volunteers page by skill and validate the skill', async () => {
  const ok = await gql(t.sg.url, `{ volunteers(first: 5, skill: "理发") { totalCount nodes { skills } } }`, undefined, t.asAdmin);
  assert.ok(ok.body.data.volunteers.totalCount > 0);
  assert.ok(ok.body.data.volunteers.nodes.every((v: { skills: string[] }) => v.skills.includes('理发')));
  const bad = await gql(t.sg.url, `{ volunteers(skill: "  ") { totalCount } }`, undefined, t.asAdmin);
  assert.equal(bad.body.errors?.[0]?.extensions?.field, 'skill');
});

test('S2: Resident and Volunteer references answer volunteers, cards, sign-ups and points only within the viewer row scope', async () => {
  const c = (n: number) => String(stableObjectId(`demo:community:${n}`));
  const residents = entityReferences('Resident', demoIds('resident', 100), 'id').representations;
  const read = async (viewer: Partial<Viewer> & Pick<Viewer, 'role'>) => {
    const { body } = await gql(
      t.sg.url,
      `query ($r: [_Any!]!, $v: [_Any!]!) {
        residents: _entities(representations: $r) { ... on Resident { id mealCard { cardNo } volunteer { id pointsHistory { reason } } signUps { id } } }
        volunteers: _entities(representations: $v) { ... on Volunteer { id pointsHistory { reason } } }
      }`,
      { r: residents, v: [{ __typename: 'Volunteer', id: String(stableObjectId('demo:volunteer:12')) }] },
      await identityHeaders(viewer, t.env),
    );
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    const rows = body.data.residents as { id: string; mealCard: { cardNo: string } | null; volunteer: unknown }[];
    return {
      cards: rows.filter((r) => r.mealCard).map((r) => r.mealCard!.cardNo),
      volunteers: rows.filter((r) => r.volunteer).length,
      volunteer12: body.data.volunteers[0],
    };
  };
  // The demo residents 0–99 live in grid 0-0-0 of community 0; household 0 holds residents 0 and 1.
  const ownGrid = await read({ role: 'GRID_WORKER', communityIds: [c(0)], gridIds: [String(stableObjectId('demo:grid:0-0-0'))] });
  assert.equal(ownGrid.cards.length, 5);
  assert.equal(ownGrid.volunteers, 34);
  assert.ok(ownGrid.volunteer12);
  const otherGrid = await read({ role: 'GRID_WORKER', communityIds: [c(0)], gridIds: [String(stableObjectId('demo:grid:0-0-1'))] });
  assert.deepEqual(otherGrid, { cards: [], volunteers: 0, volunteer12: null });
  const otherCommunity = await read({ role: 'COMMUNITY_STAFF', communityIds: [c(1)] });
  assert.deepEqual(otherCommunity, { cards: [], volunteers: 0, volunteer12: null });
  const resident0 = await read({
    role: 'RESIDENT',
    residentId: residents[0]!.id,
    householdId: String(stableObjectId('demo:household:0')),
    communityIds: [c(0)],
  });
  assert.deepEqual(
    resident0,
    { cards: [], volunteers: 1, volunteer12: null },
    'a resident sees its own profile (no card: the demo resident is 53) and no neighbour’s card or profile',
  );
  const noHousehold = await read({ role: 'RESIDENT', residentId: residents[2]!.id, communityIds: [c(0)] });
  assert.deepEqual(noHousehold, { cards: [], volunteers: 0, volunteer12: null }, 'a token without a household sees no row that lacks one');
});
