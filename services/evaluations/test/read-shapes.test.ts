import { stableObjectId, type EngineKind, type Viewer } from '@jwh/platform';
import { equalityOnly, identityHeaders, gql, readsAs, readsDuring, realEngine, subgraphUnderTest } from '@jwh/testkit';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connection } from 'mongoose';
import { startEvaluations } from '../src/app.js';
import type { Context } from '../src/context.js';
import { loadEnvironment } from '../src/environment.js';
import { auditedVisits } from '../src/services/assessment.service.js';

// The other subgraphs are not called by these tests.
const t = subgraphUnderTest(loadEnvironment, startEvaluations, {
  PEOPLE_GRIDS_URL: 'http://127.0.0.1:9/graphql',
  SERVICE_MATTERS_URL: 'http://127.0.0.1:9/graphql',
});
const community0 = String(stableObjectId('demo:community:0'));
const staff3 = String(stableObjectId('demo:staff:3'));
const wave = String(stableObjectId('demo:wave:2026-Q3'));
const as = (viewer: Partial<Viewer> & Pick<Viewer, 'role'>) => identityHeaders(viewer, t.env);

/** The filters of every read (find, aggregate) this connection sends while `fn` runs, by collection. */
const readsOf = async (conn: Connection, fn: () => Promise<unknown>) =>
  (await readsDuring(conn, fn)).filter((r) => r.command !== 'count').map(({ collection, filter }) => ({ collection, filter }));

let engineSeen: Promise<EngineKind> | null = null;
/** The real engine, asked once (root-level `before` hooks run concurrently, so not in one). */
const realEngineOnce = () => (engineSeen ??= realEngine(t.sg.conn, 'surveywaves'));

/** Runs `fn` with reads split into equalities (FerretDB on PostgreSQL) and checks every read it makes is one. */
async function splitReads<T>(fn: () => Promise<T>): Promise<T> {
  const { out, reads } = await readsAs(t.sg.conn, 'ferretdb-postgresql', await realEngineOnce(), fn);
  for (const r of reads.filter((r) => r.command !== 'count'))
    assert.ok(equalityOnly(r.filter), `${r.collection}: ${JSON.stringify(r.filter)}`);
  return out;
}

test("rates by grid of a wave and a worker's review summary: equality reads only", async () => {
  const rates = await splitReads(async () => {
    const { body } = await gql(
      t.sg.url,
      `query ($w: ID!) { threeRates(waveId: $w, level: GRID) { scopeId responses } }`,
      { w: wave },
      await as({ role: 'COMMUNITY_STAFF', communityIds: [community0] }),
    );
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    return body.data.threeRates as { scopeId: string; responses: number }[];
  });
  assert.ok(rates.length > 1);
  assert.deepEqual(
    rates.map((r) => r.scopeId),
    rates.map((r) => r.scopeId).sort(),
  );
  const summary = await splitReads(async () => {
    const { body } = await gql(
      t.sg.url,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on StaffMember { reviewSummary(period: "2026") { excellent good fair poor valid invalid score } } } }`,
      { r: [{ __typename: 'StaffMember', id: staff3 }] },
      await as({ role: 'GRID_WORKER', communityIds: [community0], staffId: staff3 }),
    );
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    return body.data._entities[0].reviewSummary;
  });
  const reviews = await t.sg.models.WorkerReview.find({ staffId: staff3 }).lean().exec();
  assert.equal(summary.valid + summary.invalid, reviews.length, 'the closed wave counts for the worker');
});

test("worker scores' audited visits: one equality read per quarter of the period, pending checks left out", async () => {
  const m = t.sg.models;
  const auditId = stableObjectId('reads:audit');
  const item = (n: number, period: string, result: string) => ({
    auditId,
    communityId: community0,
    period,
    visitId: stableObjectId(`reads:visit:${n}`),
    staffId: staff3,
    rank: String(n),
    result,
  });
  await m.AuditItem.insertMany([
    item(1, '2025-Q1', 'VERIFIED'),
    item(2, '2025-Q2', 'PENDING'),
    item(3, '2025-Q4', 'NOT_FOUND'),
    item(4, '2024-Q4', 'VERIFIED'),
  ]);
  const ctx = { models: m } as Context;
  let visits: { result: string }[] = [];
  const reads = await readsOf(
    t.sg.conn,
    async () => void (visits = await auditedVisits(ctx, community0, ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'])),
  );
  assert.deepEqual(visits.map((v) => v.result).sort(), ['NOT_FOUND', 'VERIFIED']);
  assert.deepEqual(
    reads.map((r) => [r.collection, Object.keys(r.filter).sort().join(','), r.filter.period]),
    ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'].map((q) => ['audititems', 'communityId,period', q]),
  );
});
