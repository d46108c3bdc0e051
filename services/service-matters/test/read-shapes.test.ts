import {
  addDays,
  createLogger,
  createRedis,
  engineOf,
  localDate,
  localMonth,
  readModelSpace,
  setEngine,
  stableObjectId,
  workingDaysBetween,
  type EngineKind,
  type Viewer,
  median as medianOf,
} from '@jwh/platform';
import {
  allPages,
  equalityOnly,
  identityHeaders,
  gql,
  readsAs,
  readsDuring,
  realEngine,
  type GraphQLResponse,
  subgraphUnderTest,
} from '@jwh/testkit';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connection } from 'mongoose';
import { startServiceMatters } from '../src/app.js';
import { loadEnvironment } from '../src/environment.js';
import { fillReceivedMonth } from '../src/services/backfill.js';
import { matterIdOf, matterVersionIdOf } from '../src/models/service-type.model.js';
import { DEMO_STREET } from '../src/seed/demo-data.js';
import { changeOf, monthTallies, recountRequestMonth, requestMonthId, writeInMonth } from '../src/services/request-months.js';
import { monthsBetween } from '../src/services/request.service.js';

// These tests read no resident, so people-grids is not running.
const t = subgraphUnderTest(loadEnvironment, startServiceMatters, {
  PEOPLE_GRIDS_URL: 'http://127.0.0.1:9/graphql',
  VOLUNTEERS_URL: 'http://127.0.0.1:9/graphql',
});

const oid = (key: string) => stableObjectId(`reads:${key}`);
const community = oid('community');
const otherCommunity = oid('community-2');
const [grid1, grid2] = [oid('grid-1'), oid('grid-2')];
const worker = oid('worker');
const colleague = oid('worker-2');
const shanghaiDay = (offsetDays = 0) => addDays(localDate(), offsetDays);

/** The filters of the reads (find, aggregate, count) this connection sends to one collection, while `fn` runs. */
const readsOf = async (conn: Connection, collection: string, fn: () => Promise<unknown>) =>
  (await readsDuring(conn, fn)).filter((r) => r.collection === collection).map((r) => r.filter);

const as = (viewer: Partial<Viewer> & Pick<Viewer, 'role'>) => identityHeaders(viewer, t.env);
const asWorker = () => as({ role: 'GRID_WORKER', communityIds: [String(community)], gridIds: [String(grid1)], staffId: String(worker) });
const asStaff = () => as({ role: 'COMMUNITY_STAFF', communityIds: [String(community)], street: DEMO_STREET });
/** A request's matter fields: the demo street's matter `code`, version 1 (ELDER_CARD is no matter of it: stats group by code alone). */
const matterOf = (typeCode: string) => ({
  typeCode,
  matterId: matterIdOf(DEMO_STREET, typeCode),
  matterVersionId: matterVersionIdOf(matterIdOf(DEMO_STREET, typeCode), 1),
});
const asAdmin = () => as({ role: 'STREET_ADMIN', communityIds: [String(community), String(otherCommunity)] });

const LIST = `query ($f: ServiceRequestFilter, $first: Int, $after: String) {
  serviceRequests(filter: $f, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id status dueDate takenBy overdue } }
}`;

let engine: EngineKind;
let setUp: Promise<void> | null = null;
/** The real engine and the test's requests, once (root-level `before` hooks run concurrently with the subgraph's start). */
const ready = () => (setUp ??= load());
async function load() {
  engine = await realEngine(t.sg.conn, 'servicerequests');
  const m = t.sg.models;
  const statuses = ['RECEIVED', 'MATERIALS_COLLECTED', 'FORWARDED', 'RESULT_RECEIVED', 'DELIVERED', 'REFERRED', 'WITHDRAWN'];
  const docs = Array.from({ length: 84 }, (_, n) => {
    const receivedAt = new Date(Date.UTC(2026, n % 12, 1 + (n % 27), n % 16));
    const status = statuses[n % statuses.length]!;
    return {
      clientRequestId: `reads-${n}`,
      residentId: oid(`resident-${n % 30}`),
      communityId: n % 5 === 4 ? otherCommunity : community,
      gridId: n % 3 === 0 ? grid1 : n % 3 === 1 ? grid2 : null,
      ...matterOf(n % 2 ? 'PENSION_CARD' : 'ELDER_CARD'),
      channel: 'DOORSTEP',
      status,
      takenBy: n % 4 === 0 ? worker : n % 4 === 1 ? colleague : null,
      receivedAt,
      dueDate: shanghaiDay((n % 11) - 5),
      deliveredAt: status === 'DELIVERED' ? new Date(receivedAt.getTime() + (n % 9) * 86_400_000) : null,
      firstContactResolved: status === 'DELIVERED' ? n % 2 === 0 : null,
      transitions: [{ from: 'NEW', to: 'RECEIVED', at: receivedAt, by: 'test' }],
    };
  });
  await m.ServiceRequest.insertMany(docs);
}

/** The same query answered with the reads split into equalities (FerretDB on PostgreSQL) and as one query (MongoDB). */
async function bothWays(query: string, variables: Record<string, unknown>, headers: () => Promise<Record<string, string>>) {
  await ready();
  const conn = t.sg.conn;
  const answers: Record<string, unknown>[] = [];
  const shapes: Record<string, unknown>[][] = [];
  for (const kind of ['ferretdb-postgresql', 'mongodb'] as const) {
    setEngine(conn, kind);
    let body: GraphQLResponse<Record<string, unknown>> = {};
    shapes.push(
      await readsOf(conn, 'servicerequests', async () => void ({ body } = await gql(t.sg.url, query, variables, await headers()))),
    );
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    answers.push(body.data!);
  }
  setEngine(conn, engine);
  assert.deepEqual(answers[0], answers[1], 'the split reads answer what one query does');
  for (const f of shapes[0]!) assert.ok(equalityOnly(f), `split read is not equality-only: ${JSON.stringify(f)}`);
  return answers[0]! as Record<string, any>;
}

test('backlog, overdue and due-soon lists: equality reads of one worker, grid or community in one open state, same answers as one query', async () => {
  const backlog = await bothWays(LIST, { f: { takenBy: String(worker), open: true }, first: 200 }, asWorker);
  assert.ok(backlog.serviceRequests.totalCount > 0);
  assert.ok(
    backlog.serviceRequests.nodes.every(
      (r: any) => r.takenBy === String(worker) && !['DELIVERED', 'REFERRED', 'WITHDRAWN'].includes(r.status),
    ),
  );
  const grid = await bothWays(LIST, { f: { gridId: String(grid1), open: true }, first: 200 }, asWorker);
  assert.ok(grid.serviceRequests.totalCount > 0);
  const overdue = await bothWays(LIST, { f: { overdue: true }, first: 200 }, asWorker);
  assert.ok(
    overdue.serviceRequests.totalCount > 0 && overdue.serviceRequests.nodes.every((r: any) => r.overdue && r.dueDate < shanghaiDay()),
  );
  const soon = await bothWays(LIST, { f: { dueWithinWorkingDays: 5 }, first: 200 }, asStaff);
  assert.ok(soon.serviceRequests.totalCount > 0 && soon.serviceRequests.nodes.every((r: any) => !r.overdue && r.dueDate >= shanghaiDay()));
  const received = await bothWays(LIST, { f: { status: 'RECEIVED' }, first: 200 }, asStaff);
  assert.ok(received.serviceRequests.nodes.every((r: any) => r.status === 'RECEIVED'));
  // Another grid than the worker's: nothing, and nothing read.
  const foreign = await bothWays(LIST, { f: { gridId: String(grid2), open: true } }, asWorker);
  assert.equal(foreign.serviceRequests.totalCount, 0);
});

test('pages in id order: the split reads give the same pages, cursors and total as one query', async () => {
  const all = await bothWays(LIST, { first: 200 }, asAdmin);
  const total = all.serviceRequests.totalCount as number;
  assert.ok(total >= 84);
  const ids: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page++) {
    const p: Record<string, any> = await bothWays(LIST, { first: 13, after }, asAdmin);
    assert.equal(p.serviceRequests.totalCount, total);
    ids.push(...p.serviceRequests.nodes.map((r: any) => r.id));
    if (!p.serviceRequests.pageInfo.hasNextPage) break;
    after = p.serviceRequests.pageInfo.endCursor;
  }
  assert.deepEqual(
    ids,
    all.serviceRequests.nodes.map((r: any) => r.id),
  );
  assert.deepEqual(ids, [...ids].sort());
});

test("a community's figures over a period: one equality read per month (community and receivedMonth), same figures as one query", async () => {
  const STATS = `query ($c: ID!, $f: LocalDate!, $t: LocalDate!) { serviceRequestStats(communityId: $c, from: $f, to: $t) {
    total delivered onTimeRate medianWorkingDays firstContactResolutionRate referralRate byType { typeCode total referred referralRate } byWorker { staffId total delivered onTime onTimeRate } } }`;
  const conn = t.sg.conn;
  const year = await bothWays(STATS, { c: String(community), f: '2026-01-01', t: '2026-12-31' }, asStaff);
  const part = await bothWays(STATS, { c: String(community), f: '2026-02-10', t: '2026-05-03' }, asStaff);
  // By hand: the community's requests received from 10 February to 3 May (Asia/Shanghai).
  const docs = await t.sg.models.ServiceRequest.find({ communityId: community, clientRequestId: /^reads-/ })
    .lean()
    .exec();
  const inPart = docs.filter(
    (d) => d.receivedAt >= new Date('2026-02-10T00:00:00+08:00') && d.receivedAt < new Date('2026-05-04T00:00:00+08:00'),
  );
  assert.equal(part.serviceRequestStats.total, inPart.length);
  assert.equal(part.serviceRequestStats.delivered, inPart.filter((d) => d.status === 'DELIVERED').length);
  assert.equal(year.serviceRequestStats.total, docs.filter((d) => d.receivedAt.getUTCFullYear() === 2026).length);
  setEngine(conn, 'ferretdb-postgresql');
  const shapes = await readsOf(conn, 'servicerequests', async () => {
    const { body } = await gql(t.sg.url, STATS, { c: String(community), f: '2026-02-10', t: '2026-05-03' }, await asStaff());
    assert.equal(body.errors, undefined);
  });
  setEngine(conn, engine);
  // March and April, covered whole, come from the read model; February and May are read as requests.
  assert.deepEqual(
    shapes.map((f) => Object.keys(f).sort().join(',')),
    ['2026-02', '2026-05'].map(() => 'communityId,receivedMonth'),
  );
  assert.deepEqual(shapes.map((f) => f.receivedMonth).sort(), ['2026-02', '2026-05']);
  // The year's figures match the old computation over the requests themselves.
  assert.deepEqual(
    year.serviceRequestStats,
    statsFromRows(
      docs.filter((d) => d.receivedAt >= new Date('2026-01-01T00:00:00+08:00') && d.receivedAt < new Date('2027-01-01T00:00:00+08:00')),
    ),
  );
});

/** The figures as they were computed before the read model: straight from the requests. */
function statsFromRows(
  rows: {
    typeCode: string;
    status: string;
    takenBy?: unknown;
    receivedAt: Date;
    deliveredAt?: Date | null;
    dueDate: string;
    firstContactResolved?: boolean | null;
  }[],
) {
  const day = localDate;
  const rate = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 1000 : null);
  const delivered = rows.filter((r) => r.status === 'DELIVERED' && r.deliveredAt);
  const days = delivered.map((r) => workingDaysBetween(day(r.receivedAt), day(r.deliveredAt!))).sort((a, b) => a - b);
  const median = medianOf(days);
  const byType = new Map<string, { total: number; referred: number }>();
  const byWorker = new Map<string, { total: number; delivered: number; onTime: number }>();
  for (const r of rows) {
    const t = byType.get(r.typeCode) ?? { total: 0, referred: 0 };
    t.total++;
    if (r.status === 'REFERRED') t.referred++;
    byType.set(r.typeCode, t);
    if (!r.takenBy) continue;
    const w = byWorker.get(String(r.takenBy)) ?? { total: 0, delivered: 0, onTime: 0 };
    w.total++;
    if (r.status === 'DELIVERED' && r.deliveredAt) {
      w.delivered++;
      if (day(r.deliveredAt) <= r.dueDate) w.onTime++;
    }
    byWorker.set(String(r.takenBy), w);
  }
  return {
    total: rows.length,
    delivered: delivered.length,
    onTimeRate: rate(delivered.filter((r) => day(r.deliveredAt!) <= r.dueDate).length, delivered.length),
    medianWorkingDays: median,
    firstContactResolutionRate: rate(delivered.filter((r) => r.firstContactResolved).length, delivered.length),
    referralRate: rate(rows.filter((r) => r.status === 'REFERRED').length, rows.length),
    byType: [...byType.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([typeCode, t]) => ({ typeCode, total: t.total, referred: t.referred, referralRate: rate(t.referred, t.total) })),
    byWorker: [...byWorker.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([staffId, w]) => ({ staffId, ...w, onTimeRate: rate(w.onTime, w.delivered) })),
  };
}

test("a community's months stay right after every step of a request, a writer that died is repaired from its intent, a recount restores drift", async () => {
  await ready();
  const m = t.sg.models;
  let redis: ReturnType<typeof createRedis> | null = null;
  try {
    redis = createRedis(t.env.REDIS_URL, 'client', createLogger('test', 'warn'));
    if (redis.status !== 'ready') await new Promise((resolve) => redis!.once('ready', resolve));
    const deps = { models: m, redis, queuePrefix: t.env.QUEUE_PREFIX };
    const c = oid('months-community');
    const STATS = `query ($c: ID!, $f: LocalDate!, $t: LocalDate!) { serviceRequestStats(communityId: $c, from: $f, to: $t) {
      total delivered onTimeRate medianWorkingDays firstContactResolutionRate referralRate byType { typeCode total referred referralRate } byWorker { staffId total delivered onTime onTimeRate } } }`;
    const asHere = () => as({ role: 'COMMUNITY_STAFF', communityIds: [String(c)], staffId: String(worker) });
    const figures = async () =>
      (await gql(t.sg.url, STATS, { c: String(c), f: '2026-01-01', t: '2026-06-30' }, await asHere())).body.data.serviceRequestStats;
    const fromRows = async () => statsFromRows(await m.ServiceRequest.find({ communityId: c }).lean().exec());
    // Written with its month (as createServiceRequest does, which needs people-grids to find the resident).
    const create = (n: number, receivedAt: Date) =>
      writeInMonth(deps, String(c), localMonth(receivedAt), async () => {
        const row = (
          await m.ServiceRequest.create({
            clientRequestId: `months-${n}`,
            residentId: oid(`months-resident-${n}`),
            communityId: c,
            gridId: grid1,
            ...matterOf(n % 2 ? 'PENSION_CARD' : 'ELDER_CARD'),
            channel: 'PHONE',
            status: n % 5 === 4 ? 'REFERRED' : 'RECEIVED',
            takenBy: n % 3 ? worker : null,
            receivedAt,
            dueDate: '2026-03-20',
            transitions: [{ from: 'NEW', to: 'RECEIVED', at: receivedAt, by: 'test' }],
          })
        ).toObject();
        return { result: row, change: changeOf(null, row) };
      });
    const made = [];
    for (let n = 0; n < 10; n++) made.push(await create(n, new Date(Date.UTC(2026, 1 + (n % 3), 3 + n))));
    assert.deepEqual(await figures(), await fromRows());
    // Steps through the API, each with its month: to delivery (on time and late), and a referral.
    const step = async (id: unknown, to: string, extra: Record<string, unknown> = {}) => {
      const { body } = await gql(
        t.sg.url,
        `mutation ($i: AdvanceServiceRequestInput!) { advanceServiceRequest(input: $i) { status } }`,
        { i: { id: String(id), to, ...extra } },
        await asHere(),
      );
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    };
    for (const r of made.filter((r) => r.status === 'RECEIVED').slice(0, 4)) {
      await step(r._id, 'MATERIALS_COLLECTED');
      await step(r._id, 'RESULT_RECEIVED');
      await step(r._id, 'DELIVERED', { firstContactResolved: String(r._id) < 'm' });
      assert.deepEqual(await figures(), await fromRows());
    }
    const refer = made.find((r) => r.status === 'RECEIVED' && !r.deliveredAt && r.clientRequestId === 'months-5')!;
    await step(refer._id, 'REFERRED', { referralReason: '不在本社区办理', referTo: '区政务中心' });
    assert.deepEqual(await figures(), await fromRows());
    const before = await figures();
    assert.ok(before.delivered >= 4 && before.byWorker.length === 1);
    // Nothing changed: February to April are read by id, no request is read for them.
    const reads = await readsOf(t.sg.conn, 'servicerequests', () => figures());
    assert.deepEqual(
      reads.map((f) => f.receivedMonth),
      [],
      'the whole months come from the read model',
    );
    // A writer that died after its write: the intent is left, a minute old; the next reader recounts the month.
    await m.ServiceRequest.create({
      clientRequestId: 'months-died',
      residentId: oid('months-resident-x'),
      communityId: c,
      ...matterOf('ELDER_CARD'),
      channel: 'PHONE',
      receivedAt: new Date('2026-03-15T02:00:00Z'),
      dueDate: '2026-03-30',
      takenBy: worker,
    });
    await redis.zadd(`${readModelSpace(deps)}:read-model-intents`, Date.now() - 120_000, `request-month:${String(c)}:2026-03|died`);
    assert.deepEqual(await figures(), await fromRows());
    // Drift however it came: the recount restores it.
    await m.RequestMonth.updateOne({ _id: requestMonthId(c, '2026-04') }, { $inc: { 'c.total': 7 } }).exec();
    assert.notDeepEqual(await figures(), await fromRows());
    await recountRequestMonth(deps, String(c), '2026-04');
    assert.deepEqual(await figures(), await fromRows());
  } finally {
    await redis?.quit();
  }
});

test('months of a period', () => {
  assert.deepEqual(monthsBetween('2025-11-30', '2026-02-01'), ['2025-11', '2025-12', '2026-01', '2026-02']);
  assert.deepEqual(monthsBetween('2026-03-01', '2026-03-31'), ['2026-03']);
});

test('requests from before the month bucket get theirs, once', async () => {
  await ready();
  const m = t.sg.models;
  const markers = t.sg.conn.collection<{ _id: string }>('_migrations');
  await markers.deleteOne({ _id: 'service-requests.receivedMonth' });
  const legacy = oid('legacy-request');
  await m.ServiceRequest.collection.insertOne({
    _id: legacy,
    clientRequestId: 'reads-legacy',
    residentId: oid('resident-legacy'),
    communityId: community,
    typeCode: 'PENSION_CARD',
    channel: 'PHONE',
    status: 'RECEIVED',
    receivedAt: new Date('2026-03-31T17:00:00Z'),
    dueDate: '2026-04-10',
  });
  assert.equal(await fillReceivedMonth(m), 1);
  assert.equal((await m.ServiceRequest.findById(legacy).lean().exec())!.receivedMonth, '2026-04', 'the month in Asia/Shanghai');
  assert.equal(await fillReceivedMonth(m), 0, 'marked done: later starts read the marker only');
  await m.ServiceRequest.deleteOne({ _id: legacy }).exec();
});

test('the catalogue, a resident’s requests and the matter of each: equality reads on FerretDB', async () => {
  await ready();
  const conn = t.sg.conn;
  setEngine(conn, 'ferretdb-postgresql');
  try {
    const types = await readsOf(conn, 'servicetypes', async () => {
      const { body } = await gql(t.sg.url, `{ serviceTypes { code } }`, undefined, await asStaff());
      assert.ok(body.data.serviceTypes.length >= 15);
      assert.deepEqual(
        body.data.serviceTypes.map((s: { code: string }) => s.code),
        [...body.data.serviceTypes.map((s: { code: string }) => s.code)].sort(),
      );
    });
    assert.ok(types.every(equalityOnly), JSON.stringify(types));
    const own = await readsOf(conn, 'servicerequests', async () => {
      const { body } = await gql(
        t.sg.url,
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Resident { serviceRequests { id receivedAt type { name } } } } }`,
        { r: [{ __typename: 'Resident', id: String(oid('resident-3')) }] },
        await as({ role: 'RESIDENT', residentId: String(oid('resident-3')) }),
      );
      assert.equal(body.errors, undefined);
      const mine = body.data._entities[0].serviceRequests as { receivedAt: string; type: { name: string } }[];
      assert.ok(mine.length > 0 && mine.every((r) => r.type.name));
      assert.deepEqual(
        mine.map((r) => r.receivedAt),
        mine
          .map((r) => r.receivedAt)
          .sort()
          .reverse(),
        'newest first',
      );
    });
    assert.deepEqual(
      own.map((f) => Object.keys(f)),
      [['residentId']],
    );
  } finally {
    setEngine(conn, engine);
  }
});

test('the engine this suite ran on', () => {
  // The split reads above were exercised whatever the engine; note what start-up detected.
  assert.ok(['mongodb', 'ferretdb-postgresql', 'ferretdb-sqlite'].includes(engineOf(t.sg.conn)));
});

test('suggestion lists: equality reads of one grid or community in each state, same pages as one query', async () => {
  await ready();
  const statuses = ['OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS', 'ANSWERED', 'CLOSED', 'ESCALATED'];
  await t.sg.models.Suggestion.insertMany(
    Array.from({ length: 30 }, (_, n) => ({
      clientRequestId: `reads-suggestion-${n}`,
      residentId: n % 2 ? oid(`resident-${n}`) : null,
      communityId: n % 5 === 4 ? otherCommunity : community,
      gridId: n % 3 === 0 ? grid1 : null,
      source: 'WECHAT',
      category: '环境',
      text: '楼道堆物',
      status: statuses[n % statuses.length],
      receivedAt: new Date(Date.now() - n * 86_400_000),
      replyDueDate: shanghaiDay((n % 7) - 3),
    })),
  );
  const SUGGESTIONS = `query ($f: SuggestionFilter, $first: Int, $after: String) { suggestions(filter: $f, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id status replyDueDate } } }`;
  const conn = t.sg.conn;
  for (const [f, headers] of [
    [{ replyOverdue: true }, asStaff],
    [{ status: 'OPEN' }, asWorker],
    [{}, asAdmin],
  ] as const) {
    const pages = () =>
      allPages(async (after) => {
        const { body } = await gql<Record<string, any>>(t.sg.url, SUGGESTIONS, { f, first: 4, after }, await headers());
        assert.equal(body.errors, undefined, JSON.stringify(body.errors));
        return body.data!.suggestions as { pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      }, 20);
    const split = await readsAs(conn, 'ferretdb-postgresql', engine, pages);
    const shapes = split.reads.filter((r) => r.collection === 'suggestions').map((r) => r.filter);
    assert.ok(shapes.every(equalityOnly), JSON.stringify(shapes));
    const whole = await readsAs(conn, 'mongodb', engine, pages);
    assert.deepEqual(split.out, whole.out, JSON.stringify(f));
  }
});

test('without Redis the figures are still answered: a month never counted is counted, not stored', async () => {
  await ready();
  const m = t.sg.models;
  const redis = createRedis(t.env.REDIS_URL, 'client', createLogger('test', 'silent'));
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  await redis.quit();
  const deps = { models: m, redis, queuePrefix: t.env.QUEUE_PREFIX };
  const [tally] = await monthTallies(deps, String(otherCommunity), ['2026-07']);
  const rows = await m.ServiceRequest.find({ communityId: otherCommunity, receivedMonth: '2026-07' }).lean().exec();
  assert.equal(tally!.total ?? 0, rows.length);
  assert.equal(await m.RequestMonth.findById(requestMonthId(otherCommunity, '2026-07')).lean().exec(), null, 'not stored without the lock');
});
