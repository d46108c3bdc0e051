import { engineOf } from '@jwh/platform';
import { demoIds, entityReferences, mongoCommandCount, gql, subgraphUnderTest } from '@jwh/testkit';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startServiceMatters } from '../src/app.js';
import { loadEnvironment } from '../src/environment.js';

// These tests read no resident, so people-grids is not running.
const t = subgraphUnderTest(loadEnvironment, startServiceMatters, {
  PEOPLE_GRIDS_URL: 'http://127.0.0.1:9/graphql',
  VOLUNTEERS_URL: 'http://127.0.0.1:9/graphql',
});

test('100 Resident references get their service requests with one find (one equality read each on FerretDB on PostgreSQL)', async () => {
  const { query, variables } = entityReferences('Resident', demoIds('resident', 100), 'id serviceRequests { status channel }');
  const before = await mongoCommandCount(t.sg.metrics, 'find');
  const { body } = await gql(t.sg.url, query, variables, t.asAdmin);
  assert.equal(body.errors, undefined);
  const entities = body.data._entities as { serviceRequests: unknown[] }[];
  assert.equal(entities.length, 100);
  assert.equal(entities.filter((e) => e.serviceRequests.length > 0).length, 50, 'the demo gives every other resident a request');
  // One `$in` per batch; on FerretDB's PostgreSQL backend one pushed-down equality read per resident.
  assert.equal((await mongoCommandCount(t.sg.metrics, 'find')) - before, engineOf(t.sg.conn) === 'ferretdb-postgresql' ? 100 : 1);
});

test('the doorstep catalogue holds the matters of the domain page', async () => {
  const { body } = await gql(t.sg.url, `{ serviceTypes { code name deadlineWorkingDays decidedBy } }`, undefined, t.asAdmin);
  const types = body.data.serviceTypes as { code: string; name: string }[];
  assert.ok(types.length >= 15);
  assert.ok(types.some((t) => t.code === 'PENSION_CARD' && t.name === '养老金卡调整'));
});
