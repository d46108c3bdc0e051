import { engineOf } from '@jwh/platform';
import { demoIds, entityReferences, mongoCommandCount, gql, subgraphUnderTest } from '@jwh/testkit';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startEvaluations } from '../src/app.js';
import { loadEnvironment } from '../src/environment.js';

// The other subgraphs are not called by these tests (reference resolution only).
const t = subgraphUnderTest(loadEnvironment, startEvaluations, {
  PEOPLE_GRIDS_URL: 'http://127.0.0.1:9/graphql',
  SERVICE_MATTERS_URL: 'http://127.0.0.1:9/graphql',
});

test('100 Resident references get their survey responses with one find', async () => {
  const { query, variables } = entityReferences(
    'Resident',
    demoIds('resident', 100),
    'surveyResponses { period satisfaction wave { period } }',
  );
  const before = await mongoCommandCount(t.sg.metrics, 'find');
  const { body } = await gql(t.sg.url, query, variables, t.asAdmin);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  const entities = body.data._entities as { surveyResponses: { period: string }[] }[];
  const answered = await t.sg.models.SurveyResponse.countDocuments({}).exec();
  assert.ok(answered > 10);
  assert.equal(entities.filter((e) => e.surveyResponses.length === 1).length, answered);
  // One find for the responses, one for their (single) wave; on FerretDB's PostgreSQL backend one
  // pushed-down equality read of responses per resident.
  assert.equal((await mongoCommandCount(t.sg.metrics, 'find')) - before, engineOf(t.sg.conn) === 'ferretdb-postgresql' ? 101 : 2);
});

test('StaffMember references get their reviews, invalid ones flagged, with one find', async () => {
  const { query, variables } = entityReferences('StaffMember', demoIds('staff', 46), 'reviews { rating reason valid }');
  const before = await mongoCommandCount(t.sg.metrics, 'find');
  const { body } = await gql(t.sg.url, query, variables, t.asAdmin);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  const reviews = (body.data._entities as { reviews: { rating: string; reason: string | null; valid: boolean }[] }[]).flatMap(
    (e) => e.reviews,
  );
  assert.equal(reviews.length, await t.sg.models.WorkerReview.countDocuments({}).exec());
  assert.ok(reviews.length > 3);
  for (const r of reviews) assert.equal(r.valid, !((r.rating === 'EXCELLENT' || r.rating === 'POOR') && !r.reason));
  assert.equal((await mongoCommandCount(t.sg.metrics, 'find')) - before, engineOf(t.sg.conn) === 'ferretdb-postgresql' ? 46 : 1);
});

test('a malformed period is refused naming the field', async () => {
  const { body } = await gql(t.sg.url, `{ surveyResponses(period: "Q4") { id } }`, undefined, t.asAdmin);
  assert.equal(body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.equal(body.errors?.[0]?.extensions?.field, 'period');
});
