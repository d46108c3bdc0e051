import { identityHeaders, mongoCommandCount, postGraphQL, stableObjectId, testOverrides, type RunningSubgraph } from '@jwh/shared';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServiceMatters } from '../src/app.js';
import { loadEnvironment } from '../src/environment.js';
import type { Models } from '../src/models/index.js';

let sg: RunningSubgraph<Models>;
let asAdmin: Record<string, string>;
before(async () => {
  const env = loadEnvironment(testOverrides());
  sg = await startServiceMatters(env);
  const communityIds = [0, 1].map((c) => String(stableObjectId(`demo:community:${c}`)));
  asAdmin = await identityHeaders({ role: 'STREET_ADMIN', communityIds }, env.INTERNAL_TOKEN_SECRET);
});
after(async () => {
  await sg.conn.dropDatabase();
  await sg.stop();
});

test('100 Resident references get their service requests with one find', async () => {
  const representations = Array.from({ length: 100 }, (_, n) => ({ __typename: 'Resident', id: String(stableObjectId(`demo:resident:${n}`)) }));
  const before = await mongoCommandCount(sg.metrics, 'find');
  const { body } = await postGraphQL(
    sg.url,
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Resident { id serviceRequests { status channel } } } }`,
    { r: representations },
    asAdmin,
  );
  assert.equal(body.errors, undefined);
  const entities = body.data._entities as { serviceRequests: unknown[] }[];
  assert.equal(entities.length, 100);
  assert.equal(entities.filter((e) => e.serviceRequests.length > 0).length, 50, 'the demo gives every other resident a request');
  assert.equal((await mongoCommandCount(sg.metrics, 'find')) - before, 1);
});

test('the doorstep catalogue holds the matters of the domain page', async () => {
  const { body } = await postGraphQL(sg.url, `{ serviceTypes { code name deadlineWorkingDays decidedBy } }`, undefined, asAdmin);
  const types = body.data.serviceTypes as { code: string; name: string }[];
  assert.ok(types.length >= 15);
  assert.ok(types.some((t) => t.code === 'PENSION_CARD' && t.name === '养老金卡调整'));
});
