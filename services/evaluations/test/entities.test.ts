import { identityHeaders, mongoCommandCount, postGraphQL, stableObjectId, testOverrides, type RunningSubgraph } from '@jwh/shared';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEvaluations } from '../src/app.js';
import { loadEnvironment } from '../src/environment.js';
import type { Models } from '../src/models/index.js';

let sg: RunningSubgraph<Models>;
let asAdmin: Record<string, string>;
before(async () => {
  const env = loadEnvironment(testOverrides());
  sg = await startEvaluations(env);
  const communityIds = [0, 1].map((c) => String(stableObjectId(`demo:community:${c}`)));
  asAdmin = await identityHeaders({ role: 'STREET_ADMIN', communityIds }, env.INTERNAL_TOKEN_SECRET);
});
after(async () => {
  await sg.conn.dropDatabase();
  await sg.stop();
});

test('100 Resident references get their survey responses with one find', async () => {
  const representations = Array.from({ length: 100 }, (_, n) => ({ __typename: 'Resident', id: String(stableObjectId(`demo:resident:${n}`)) }));
  const before = await mongoCommandCount(sg.metrics, 'find');
  const { body } = await postGraphQL(
    sg.url,
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Resident { surveyResponses { period satisfaction } } } }`,
    { r: representations },
    asAdmin,
  );
  assert.equal(body.errors, undefined);
  const entities = body.data._entities as { surveyResponses: unknown[] }[];
  assert.equal(entities.filter((e) => e.surveyResponses.length === 1).length, 50);
  assert.equal((await mongoCommandCount(sg.metrics, 'find')) - before, 1);
});

test('StaffMember references get their reviews, invalid ones flagged, with one find', async () => {
  const representations = Array.from({ length: 46 }, (_, n) => ({ __typename: 'StaffMember', id: String(stableObjectId(`demo:staff:${n}`)) }));
  const before = await mongoCommandCount(sg.metrics, 'find');
  const { body } = await postGraphQL(
    sg.url,
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on StaffMember { reviews { rating reason valid } } } }`,
    { r: representations },
    asAdmin,
  );
  const reviews = (body.data._entities as { reviews: { rating: string; reason: string | null; valid: boolean }[] }[]).flatMap((e) => e.reviews);
  assert.equal(reviews.length, 46 * 3);
  for (const r of reviews) assert.equal(r.valid, !((r.rating === 'EXCELLENT' || r.rating === 'POOR') && !r.reason));
  assert.equal((await mongoCommandCount(sg.metrics, 'find')) - before, 1);
});

test('a malformed period is refused naming the field', async () => {
  const { body } = await postGraphQL(sg.url, `{ surveyResponses(period: "Q4") { id } }`, undefined, asAdmin);
  assert.equal(body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.equal(body.errors?.[0]?.extensions?.field, 'period');
});
