import { identityHeaders, mongoCommandCount, postGraphQL, stableObjectId, testOverrides, type RunningSubgraph } from '@jwh/shared';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startVolunteers } from '../src/app.js';
import { loadEnvironment } from '../src/environment.js';
import type { Models } from '../src/models/index.js';

let sg: RunningSubgraph<Models>;
let asAdmin: Record<string, string>;
before(async () => {
  const env = loadEnvironment(testOverrides());
  sg = await startVolunteers(env);
  const communityIds = [0, 1].map((c) => String(stableObjectId(`demo:community:${c}`)));
  asAdmin = await identityHeaders({ role: 'STREET_ADMIN', communityIds }, env.INTERNAL_TOKEN_SECRET);
});
after(async () => {
  await sg.conn.dropDatabase();
  await sg.stop();
});

test('100 Resident references get their volunteer profile with one find', async () => {
  const representations = Array.from({ length: 100 }, (_, n) => ({ __typename: 'Resident', id: String(stableObjectId(`demo:resident:${n}`)) }));
  const before = await mongoCommandCount(sg.metrics, 'find');
  const { body } = await postGraphQL(
    sg.url,
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Resident { id volunteer { skills pointsBalance } } } }`,
    { r: representations },
    asAdmin,
  );
  assert.equal(body.errors, undefined);
  const entities = body.data._entities as { volunteer: unknown }[];
  assert.equal(entities.filter((e) => e.volunteer).length, 34, 'every third demo resident volunteers');
  assert.equal((await mongoCommandCount(sg.metrics, 'find')) - before, 1);
});

test('volunteers page by skill and validate the skill', async () => {
  const ok = await postGraphQL(sg.url, `{ volunteers(first: 5, skill: "理发") { totalCount nodes { skills } } }`, undefined, asAdmin);
  assert.ok(ok.body.data.volunteers.totalCount > 0);
  assert.ok(ok.body.data.volunteers.nodes.every((v: { skills: string[] }) => v.skills.includes('理发')));
  const bad = await postGraphQL(sg.url, `{ volunteers(skill: "  ") { totalCount } }`, undefined, asAdmin);
  assert.equal(bad.body.errors?.[0]?.extensions?.field, 'skill');
});
