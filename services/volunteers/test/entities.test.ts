import { engineOf, mongoCommandCount, postGraphQL, stableObjectId, subgraphUnderTest } from '@jwh/shared';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startVolunteers } from '../src/app.js';
import { loadEnvironment } from '../src/environment.js';

// These tests read no resident, so people-grids is not running.
const t = subgraphUnderTest(loadEnvironment, startVolunteers, { PEOPLE_GRIDS_URL: 'http://127.0.0.1:9/graphql' });

test('100 Resident references get their volunteer profile with one find', async () => {
  const representations = Array.from({ length: 100 }, (_, n) => ({ __typename: 'Resident', id: String(stableObjectId(`demo:resident:${n}`)) }));
  const before = await mongoCommandCount(t.sg.metrics, 'find');
  const { body } = await postGraphQL(
    t.sg.url,
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Resident { id volunteer { skills pointsBalance } } } }`,
    { r: representations },
    t.asAdmin,
  );
  assert.equal(body.errors, undefined);
  const entities = body.data._entities as { volunteer: unknown }[];
  assert.equal(entities.filter((e) => e.volunteer).length, 34, 'every third demo resident volunteers');
  // One `$in` per batch; on FerretDB's PostgreSQL backend one pushed-down equality read per resident.
  assert.equal((await mongoCommandCount(t.sg.metrics, 'find')) - before, engineOf(t.sg.conn) === 'ferretdb-postgresql' ? 100 : 1);
});

test('100 Resident references get their meal cards and sign-ups with one find each', async () => {
  const representations = Array.from({ length: 100 }, (_, n) => ({ __typename: 'Resident', id: String(stableObjectId(`demo:resident:${n}`)) }));
  const before = await mongoCommandCount(t.sg.metrics, 'find');
  const { body } = await postGraphQL(
    t.sg.url,
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Resident { id mealCard { cardNo } signUps { id } } } }`,
    { r: representations },
    t.asAdmin,
  );
  assert.equal(body.errors, undefined);
  const entities = body.data._entities as { mealCard: unknown }[];
  assert.equal(entities.filter((e) => e.mealCard).length, 5, 'the demo cards');
  assert.equal((await mongoCommandCount(t.sg.metrics, 'find')) - before, engineOf(t.sg.conn) === 'ferretdb-postgresql' ? 200 : 2);
});

test('volunteers page by skill and validate the skill', async () => {
  const ok = await postGraphQL(t.sg.url, `{ volunteers(first: 5, skill: "理发") { totalCount nodes { skills } } }`, undefined, t.asAdmin);
  assert.ok(ok.body.data.volunteers.totalCount > 0);
  assert.ok(ok.body.data.volunteers.nodes.every((v: { skills: string[] }) => v.skills.includes('理发')));
  const bad = await postGraphQL(t.sg.url, `{ volunteers(skill: "  ") { totalCount } }`, undefined, t.asAdmin);
  assert.equal(bad.body.errors?.[0]?.extensions?.field, 'skill');
});
