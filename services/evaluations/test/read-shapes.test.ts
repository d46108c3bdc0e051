import { setEngine, stableObjectId, type EngineKind, type Viewer } from '@jwh/platform';
import { identityHeaders, gql, subgraphUnderTest } from '@jwh/testkit';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connection } from 'mongoose';
import { startEvaluations } from '../src/app.js';
import type { Context } from '../src/context.js';
import { loadEnvironment } from '../src/environment.js';
import { auditedVisits } from '../src/services/assessment.service.js';

// The other subgraphs are not called by these tests.
const t = subgraphUnderTest(loadEnvironment, startEvaluations, { PEOPLE_GRIDS_URL: 'http://127.0.0.1:9/graphql', SERVICE_MATTERS_URL: 'http://127.0.0.1:9/graphql' });
const community0 = String(stableObjectId('demo:community:0'));
const staff3 = String(stableObjectId('demo:staff:3'));
const wave = String(stableObjectId('demo:wave:2026-Q3'));
const as = (viewer: Partial<Viewer> & Pick<Viewer, 'role'>) => identityHeaders(viewer, t.env);

/** What the server really is (FerretDB's PostgreSQL backend explains with PostgreSQL's plan). */
async function realEngine(conn: Connection): Promise<EngineKind> {
  const info = await conn.db!.admin().command({ buildInfo: 1 });
  if (!info.ferretdbVersion) return 'mongodb';
  const plan = await conn.db!.command({ explain: { find: 'surveywaves', filter: { _id: 0 } } });
  return JSON.stringify(plan).includes('Node Type') ? 'ferretdb-postgresql' : 'ferretdb-sqlite';
}

/** The filters of every read this connection sends while `fn` runs, by collection. */
async function readsOf(conn: Connection, fn: () => Promise<unknown>): Promise<{ collection: string; filter: Record<string, unknown> }[]> {
  const reads: { collection: string; filter: Record<string, unknown> }[] = [];
  const on = (e: { commandName: string; command: Record<string, any> }) => {
    if (e.commandName === 'find') reads.push({ collection: e.command.find, filter: e.command.filter ?? {} });
    if (e.commandName === 'aggregate') reads.push({ collection: e.command.aggregate, filter: e.command.pipeline?.[0]?.$match ?? {} });
  };
  conn.getClient().on('commandStarted', on);
  try {
    await fn();
  } finally {
    conn.getClient().off('commandStarted', on);
  }
  return reads;
}

const equalityOnly = (filter: Record<string, unknown>) =>
  Object.entries(filter).every(
    ([k, v]) => !k.startsWith('$') && v !== null && !Array.isArray(v) && !(typeof v === 'object' && !(v instanceof Date) && Object.keys(v as object).some((x) => x.startsWith('$'))),
  );

let engineSeen: Promise<EngineKind> | null = null;
/** The real engine, asked once (root-level `before` hooks run concurrently, so not in one). */
const realEngineOnce = () => (engineSeen ??= realEngine(t.sg.conn));

/** Runs `fn` with reads split into equalities (FerretDB on PostgreSQL) and checks every read it makes is one. */
async function splitReads<T>(fn: () => Promise<T>): Promise<T> {
  const engine = await realEngineOnce();
  setEngine(t.sg.conn, 'ferretdb-postgresql');
  try {
    let out: T;
    const reads = await readsOf(t.sg.conn, async () => void (out = await fn()));
    for (const r of reads) assert.ok(equalityOnly(r.filter), `${r.collection}: ${JSON.stringify(r.filter)}`);
    return out!;
  } finally {
    setEngine(t.sg.conn, engine);
  }
}

test("rates by grid of a wave and a worker's review summary: equality reads only", async () => {
  const rates = await splitReads(async () => {
    const { body } = await gql(t.sg.url, `query ($w: ID!) { threeRates(waveId: $w, level: GRID) { scopeId responses } }`, { w: wave }, await as({ role: 'COMMUNITY_STAFF', communityIds: [community0] }));
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    return body.data.threeRates as { scopeId: string; responses: number }[];
  });
  assert.ok(rates.length > 1);
  assert.deepEqual(rates.map((r) => r.scopeId), rates.map((r) => r.scopeId).sort());
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
  await m.AuditItem.insertMany([item(1, '2025-Q1', 'VERIFIED'), item(2, '2025-Q2', 'PENDING'), item(3, '2025-Q4', 'NOT_FOUND'), item(4, '2024-Q4', 'VERIFIED')]);
  const ctx = { models: m } as Context;
  let visits: { result: string }[] = [];
  const reads = await readsOf(t.sg.conn, async () => void (visits = await auditedVisits(ctx, community0, ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'])));
  assert.deepEqual(visits.map((v) => v.result).sort(), ['NOT_FOUND', 'VERIFIED']);
  assert.deepEqual(
    reads.map((r) => [r.collection, Object.keys(r.filter).sort().join(','), r.filter.period]),
    ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'].map((q) => ['audititems', 'communityId,period', q]),
  );
});
