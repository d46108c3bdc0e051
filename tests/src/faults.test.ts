// Fault suite F2–F5 (issue 13, item 4): workers, Redis and the database engine killed mid-run. Each
// test starts only the processes it needs (a reminders worker; a Redis; a FerretDB and the
// people-grids subgraph), on its own databases and queue prefix, and stops exactly those, by pid.
import { ReminderScheduler, createLogger, createQueue, createRedis, stableObjectId, type Redis } from '@jwh/platform';
import { QUEUE_NAMES } from '@jwh/contracts';
import { gql, testIdentityHeaders, testOverrides } from '@jwh/testkit';
import mongoose, { type Connection } from 'mongoose';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { env } from './environment.js';
import { ROOT, runId, stackModule, type StackProcess } from './harness.js';

const JOBS = 200;
type Queue = ReturnType<typeof createQueue<unknown>>;
const quiet = createLogger('faults-test', 'silent');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every process a test here started; whatever is still running at the end is killed by pid. */
const started: ChildProcess[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const p of started) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 30_000, every = 50): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (await check()) return Date.now() - t0;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(every);
  }
}

const alive = (p: ChildProcess) => p.exitCode === null && p.signalCode === null;

/** A reminders worker process on `redisUrl`, its database `<dbPrefix>people_grids` on the test engine. */
async function startRemindersWorker(o: { redisUrl: string; prefix: string; logDir: string }): Promise<StackProcess> {
  const port = await stackModule.freePort();
  const child = stackModule.startProcess(
    'reminders-worker',
    join(ROOT, 'services/people-grids/dist/src/reminders-worker.js'),
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PORT: String(port),
      MONGO_URL: env.MONGO_URL,
      MONGO_DB_PREFIX: o.prefix,
      REDIS_URL: o.redisUrl,
      QUEUE_PREFIX: o.prefix,
      SEED_DEMO: 'false',
    },
    o.logDir,
  );
  started.push(child);
  await stackModule.waitHealthy(`http://127.0.0.1:${port}/health`, 60_000, child);
  return child;
}

/** The producer side, in this process: the reminders scheduler on its own fail-fast clients, as a subgraph holds it. */
interface Producer {
  queue: Queue;
  redis: Redis;
  scheduler: ReminderScheduler;
  close(): Promise<void>;
}
async function producer(redisUrl: string, prefix: string): Promise<Producer> {
  const queue = createQueue<unknown>(QUEUE_NAMES.reminders, { redisUrl, prefix, logger: quiet });
  const redis = createRedis(redisUrl, 'client', quiet);
  // Fail-fast clients refuse commands until connected (no offline queue): a service waits for them at start.
  await queue.waitUntilReady();
  if (redis.status !== 'ready') await new Promise((r) => redis.once('ready', r));
  return {
    queue,
    redis,
    scheduler: new ReminderScheduler(queue, redis, prefix),
    async close() {
      await queue.close().catch(() => undefined);
      redis.disconnect();
    },
  };
}

/** Reminder n of a batch: one notification each, to a staff member of its own (no personal data). */
const reminder = (n: number) => ({
  kind: 'LIAISON_DAY' as const,
  entityId: `fault-${n}`,
  recipient: { type: 'STAFF' as const, id: String(stableObjectId(`fault:staff:${n}`)) },
  dueAt: new Date('2030-01-01T00:00:00Z').toISOString(),
  fireAt: new Date(),
  data: { communityId: 'fault', date: '2030-01-01' },
});

/** The test's view of the reminders worker's database: the effect of a fired reminder is one notification. */
async function openEffects(prefix: string) {
  const conn = await mongoose.createConnection(env.MONGO_URL, { dbName: `${prefix}people_grids` }).asPromise();
  cleanups.push(async () => {
    await conn.dropDatabase();
    await conn.close();
  });
  return conn;
}
async function effects(conn: Connection) {
  const docs = await conn
    .collection<{ key: string }>('notifications')
    .find({}, { projection: { key: 1 } })
    .toArray();
  return { count: docs.length, unique: new Set(docs.map((d) => d.key)).size, keys: new Set(docs.map((d) => d.key)) };
}
/** The worker builds the notifications' unique key (what makes a re-run after a crash write nothing twice). */
async function uniqueKeyBuilt(conn: Connection) {
  const indexes = await conn
    .collection('notifications')
    .indexes()
    .catch(() => []);
  return indexes.some((i) => i.unique && (i.key as Record<string, unknown>).key === 1);
}

async function counts(queue: Queue) {
  return (await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'paused', 'prioritized')) as Record<
    string,
    number
  >;
}

/** Removes a test's queue keys from the test Redis. */
function dropQueueKeys(redisUrl: string, prefix: string) {
  cleanups.push(async () => {
    const redis = createRedis(redisUrl, 'client', quiet);
    try {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  });
}

/** Schedules the batch (all jobs due now) and returns their job ids. */
async function scheduleBatch(p: Producer): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < JOBS; n++) ids.push(await p.scheduler.schedule(reminder(n)));
  return ids;
}

/** How many completed jobs were taken back from a dead (or draining) worker by the stalled-job check. */
async function stalledOf(queue: Queue, ids: string[]): Promise<number> {
  let stalled = 0;
  for (const id of ids) if (((await queue.getJob(id))?.stalledCounter ?? 0) > 0) stalled++;
  return stalled;
}

function setup(name: string) {
  const prefix = runId();
  const logDir = join(tmpdir(), `jwh-faults-${prefix}${name}`);
  cleanups.push(async () => rmSync(logDir, { recursive: true, force: true }));
  return { prefix, logDir };
}

/** F2 and F3 begin alike: a clean queue, a reminders worker on it, a batch of JOBS scheduled and under way (30 done). */
async function startBatch(name: string) {
  const { prefix, logDir } = setup(name);
  dropQueueKeys(env.REDIS_URL, prefix);
  const conn = await openEffects(prefix);
  const first = await startRemindersWorker({ redisUrl: env.REDIS_URL, prefix, logDir });
  await until('the notifications unique key', () => uniqueKeyBuilt(conn));
  const p = await producer(env.REDIS_URL, prefix);
  try {
    const ids = await scheduleBatch(p);
    await until('the batch under way', async () => (await counts(p.queue)).completed! >= 30, 30_000, 10);
    return { prefix, logDir, conn, first, p, ids };
  } catch (err) {
    await p.close();
    throw err;
  }
}

test('F2 a worker SIGKILLed mid-batch of 200 jobs: a restarted worker takes back its jobs, 200 done, 0 lost, 200 unique effects, within 10 s', async (t) => {
  const { prefix, logDir, conn, first, p, ids } = await startBatch('f2');
  try {
    const killedAt = Date.now();
    await stackModule.stopProcess(first, 'SIGKILL');
    const atKill = await counts(p.queue);
    assert.ok(atKill.completed! < JOBS, `killed mid-batch (${atKill.completed} done)`);

    await startRemindersWorker({ redisUrl: env.REDIS_URL, prefix, logDir });
    const restartedMs = Date.now() - killedAt;
    await until('200 jobs done', async () => (await counts(p.queue)).completed === JOBS, 20_000);
    const recoveredMs = Date.now() - killedAt;

    const end = await counts(p.queue);
    const done = await effects(conn);
    const stalled = await stalledOf(p.queue, ids);
    t.diagnostic(
      `F2: killed at ${atKill.completed} done / ${atKill.active} active; a new worker healthy ${restartedMs} ms and 200 done ${recoveredMs} ms after the kill; ` +
        `${stalled} jobs taken back from the dead worker; ${done.count} notifications, ${done.unique} unique`,
    );
    assert.deepEqual(
      { waiting: end.waiting, active: end.active, delayed: end.delayed, failed: end.failed },
      { waiting: 0, active: 0, delayed: 0, failed: 0 },
    );
    assert.equal(done.count, JOBS, 'one effect per job, none doubled');
    assert.equal(done.unique, JOBS);
    assert.ok(
      ids.every((id) => done.keys.has(id)),
      'every job has its effect',
    );
    assert.ok(recoveredMs < 10_000, `recovered in ${recoveredMs} ms`);
  } finally {
    await p.close();
  }
});

test('F3 SIGTERM mid-batch: the worker drains (finishes its jobs, gives back the rest) and exits 0; nothing stalls', async (t) => {
  const { prefix, logDir, conn, first, p, ids } = await startBatch('f3');
  try {
    const termAt = Date.now();
    const exited = new Promise<number | null>((r) => first.once('exit', (code) => r(code)));
    first.kill('SIGTERM');
    const code = await exited;
    const drainMs = Date.now() - termAt;
    const atExit = await counts(p.queue);
    assert.equal(code, 0, 'a clean shutdown');
    assert.equal(atExit.active, 0, 'no job left locked by the stopped worker (none will stall)');
    assert.equal(atExit.failed, 0);
    assert.equal(atExit.completed! + atExit.waiting!, JOBS, 'every job done or back in the queue');
    assert.ok(atExit.waiting! > 0, 'jobs not started are left in the queue (no new job taken after SIGTERM)');

    await startRemindersWorker({ redisUrl: env.REDIS_URL, prefix, logDir });
    await until('200 jobs done', async () => (await counts(p.queue)).completed === JOBS, 20_000);
    const done = await effects(conn);
    const stalled = await stalledOf(p.queue, ids);
    t.diagnostic(
      `F3: drained in ${drainMs} ms, exit code ${code}; at exit ${atExit.completed} done, ${atExit.waiting} given back, ` +
        `${atExit.active} active; ${stalled} stalled; ${done.count} notifications, ${done.unique} unique`,
    );
    assert.equal(stalled, 0);
    assert.equal(done.count, JOBS);
    assert.equal(done.unique, JOBS);
  } finally {
    await p.close();
  }
});

/** A redis-server of the test's own (AOF on), on `port`, its files in `dir`. */
async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const fd = openSync(join(dir, 'redis.log'), 'a');
  const child = spawn(
    '/usr/bin/redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--appendonly', 'yes', '--dir', dir, '--save', '', '--maxmemory-policy', 'noeviction'],
    { stdio: ['ignore', fd, fd] },
  );
  closeSync(fd);
  started.push(child);
  await waitForPort(port, child);
  return child;
}

async function waitForPort(port: number, child: ChildProcess, ms = 20_000) {
  await until(
    `port ${port}`,
    () => {
      if (!alive(child)) throw new Error(`process on port ${port} exited (${child.exitCode ?? child.signalCode})`);
      return new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
        socket.on('error', () => resolve(false));
      });
    },
    ms,
  );
}

async function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL') {
  if (!alive(child)) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

test('F4 Redis (own server, AOF) killed and restarted mid-run: producers fail within 1 s while it is down, 0 jobs lost, the worker resumes on its own', async (t) => {
  const { prefix, logDir } = setup('f4');
  const dir = join(logDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = await stackModule.freePort();
  const redisUrl = `redis://127.0.0.1:${port}`;
  let redis = await startRedis(port, dir);
  const conn = await openEffects(prefix);
  const worker = await startRemindersWorker({ redisUrl, prefix, logDir });
  await until('the notifications unique key', () => uniqueKeyBuilt(conn));
  const p = await producer(redisUrl, prefix);
  try {
    // Jobs are scheduled one by one (the first third at once, so some wait in Redis when it dies);
    // an attempt that fails (Redis down) is timed and retried.
    const ids: string[] = [];
    const failures: number[] = [];
    let down = false;
    let downSince = 0;
    let backlog = 0;
    const outage = (async () => {
      await until('a third of the batch scheduled', () => ids.length >= JOBS / 3, 30_000, 5);
      const c = await counts(p.queue);
      backlog = c.waiting! + c.active! + c.delayed!;
      await kill(redis);
      down = true;
      downSince = Date.now();
      await sleep(2_500);
      redis = await startRedis(port, dir);
      down = false;
      return Date.now() - downSince;
    })();
    for (let n = 0; n < JOBS;) {
      const t0 = Date.now();
      try {
        ids.push(await p.scheduler.schedule(reminder(n)));
        n++;
        if (n >= JOBS / 3) await sleep(10);
      } catch {
        failures.push(Date.now() - t0);
        await sleep(100);
      }
    }
    const downMs = await outage;
    const resumeAt = Date.now();
    await until('200 jobs done', async () => (await counts(p.queue).catch(() => ({ completed: 0 }))).completed === JOBS, 30_000, 100);
    const drainedMs = Date.now() - resumeAt;
    const end = await counts(p.queue);
    const done = await effects(conn);
    t.diagnostic(
      `F4: Redis killed with ${backlog} jobs not yet done, down ${downMs} ms; ${failures.length} producer attempts failed while down, slowest in ${Math.max(...failures)} ms; ` +
        `batch done ${drainedMs} ms after the last job was scheduled; ${done.count} notifications, ${done.unique} unique; ` +
        `worker pid ${worker.pid} ${alive(worker) ? 'still running' : 'exited'}`,
    );
    assert.equal(down, false);
    assert.ok(failures.length > 0, 'producers saw the outage');
    assert.ok(Math.max(...failures) < 1_000, `producers failed within 1 s (slowest ${Math.max(...failures)} ms)`);
    assert.ok(alive(worker), 'the worker was not restarted');
    assert.equal(end.failed, 0);
    assert.equal(done.count, JOBS, '0 jobs lost, none doubled');
    assert.equal(done.unique, JOBS);
    assert.ok(ids.every((id) => done.keys.has(id)));
  } finally {
    await p.close();
    await stackModule.stopProcess(worker);
    await kill(redis, 'SIGTERM');
  }
});

// F5: the database engine. FerretDB over a PostgreSQL database of the test's own (or SQLite when no
// PostgreSQL answers), the people-grids subgraph on it; the engine is killed and started again.
const FERRETDB = join(ROOT, '.cache/bin/ferretdb-v1.24.2');
const psql = (sql: string) =>
  spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8' });

test(
  'F5 the database engine killed and restarted: typed errors and /health 503 while it is down, the subgraph resumes without a restart, nothing half-written',
  { skip: !existsSync(FERRETDB) && 'FerretDB not built here (MongoDB engine in use)' },
  async (t) => {
    const { prefix, logDir } = setup('f5');
    const stateDir = join(logDir, 'ferretdb');
    mkdirSync(stateDir, { recursive: true });
    let backend: string[];
    if (psql('SELECT 1').status === 0) {
      const db = `jwh_fault_${randomBytes(4).toString('hex')}`;
      assert.equal(psql(`CREATE DATABASE "${db}"`).status, 0);
      cleanups.push(async () => psql(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`));
      backend = ['--handler=postgresql', `--postgresql-url=postgres://postgres@127.0.0.1:5432/${db}`];
    } else {
      backend = ['--handler=sqlite', `--sqlite-url=file:${stateDir}/`];
    }
    const enginePort = await stackModule.freePort();
    const startEngine = async () => {
      const fd = openSync(join(logDir, 'ferretdb.log'), 'a');
      const child = spawn(
        FERRETDB,
        [
          ...backend,
          `--state-dir=${stateDir}`,
          `--listen-addr=127.0.0.1:${enginePort}`,
          '--debug-addr=-',
          '--telemetry=disable',
          '--log-level=warn',
        ],
        { stdio: ['ignore', fd, fd] },
      );
      closeSync(fd);
      started.push(child);
      await waitForPort(enginePort, child);
      return child;
    };
    let engine = await startEngine();

    const port = await stackModule.freePort();
    // The subgraph's own secrets (identity keys, personal-data keys) as a test subgraph gets them.
    const sgEnv = testOverrides({
      LOG_LEVEL: 'info',
      PORT: String(port),
      MONGO_URL: `mongodb://127.0.0.1:${enginePort}/`,
      MONGO_DB_PREFIX: prefix,
      REDIS_URL: env.REDIS_URL,
      QUEUE_PREFIX: prefix,
    });
    const subgraph = stackModule.startProcess('people-grids', join(ROOT, 'services/people-grids/dist/src/index.js'), sgEnv, logDir);
    started.push(subgraph);
    dropQueueKeys(env.REDIS_URL, prefix);
    const base = `http://127.0.0.1:${port}`;
    try {
      await stackModule.waitHealthy(`${base}/health`, 120_000, subgraph);
      // A fresh identity per call (each is bound to its request).
      const asWorker = () =>
        testIdentityHeaders(
          {
            role: 'GRID_WORKER',
            sub: 'fault-grid-worker',
            staffId: String(stableObjectId('demo:staff:3')),
            communityIds: [String(stableObjectId('demo:community:0'))],
            gridIds: [String(stableObjectId('demo:grid:0-0-0'))],
          },
          { IDENTITY_PUBLIC_KEYS: sgEnv.IDENTITY_PUBLIC_KEYS! },
        );
      const RECORD = `mutation ($input: RecordVisitInput!) { recordVisit(input: $input) { id topics } }`;
      const READ = `query { visits(filter: {}, first: 5) { nodes { id } } }`;
      const write = (key: string) =>
        gql(
          `${base}/graphql`,
          RECORD,
          { input: { idempotencyKey: key, placeType: 'PUBLIC_SPACE', topics: ['fault', 'suite'], notes: 'F5' } },
          asWorker(),
        );
      const read = () => gql(`${base}/graphql`, READ, {}, asWorker());
      const health = async () => {
        const t0 = Date.now();
        const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(30_000) });
        return { status: res.status, ms: Date.now() - t0 };
      };
      const keys: string[] = [];
      const nextKey = () => (keys.push(`fault-visit-${prefix}${keys.length}`), keys.at(-1)!);

      // Up: writes go through.
      for (let n = 0; n < 5; n++) assert.equal((await write(nextKey())).body.errors, undefined);

      // Writes in flight when the engine dies, then reads and writes while it is down.
      const timed = async <T>(request: Promise<T>) => {
        const t0 = Date.now();
        return { ...(await request), ms: Date.now() - t0 };
      };
      const inFlight = Array.from({ length: 10 }, () => timed(write(nextKey())));
      await kill(engine);
      const [during, downHealth] = await Promise.all([
        Promise.all([
          ...inFlight,
          ...Array.from({ length: 5 }, () => timed(write(nextKey()))),
          ...Array.from({ length: 5 }, () => timed(read())),
        ]),
        health(),
      ]);
      const slowestMs = Math.max(...during.map((r) => r.ms));
      const codes = during.flatMap((r) => (r.body.errors ?? []).map((e) => String(e.extensions?.code)));
      const failed = during.filter((r) => r.body.errors?.length).length;
      assert.ok(failed >= 10, `requests while down failed (${failed} of ${during.length})`);
      // On failure, say which error the subgraph met (its log is removed with the test's folder).
      const logged = () =>
        readFileSync(subgraph.logFile, 'utf8')
          .split('\n')
          .filter((l) => /"level":"(warn|error)"/.test(l))
          .map((l) => /"error":"([^"]{0,160})/.exec(l)?.[1])
          .filter((e) => e && !/ServerSelection/.test(e));
      assert.deepEqual(
        [...new Set(codes)],
        ['SUBGRAPH_UNAVAILABLE'],
        `typed errors only: ${JSON.stringify(codes)}; the subgraph met: ${JSON.stringify(logged())}`,
      );
      assert.ok(
        during.every((r) => !JSON.stringify(r.body).match(/127\.0\.0\.1|ECONNREFUSED|Mongo/)),
        'no driver text reaches the client',
      );
      assert.equal(downHealth.status, 503, '/health not ready');
      // The driver's server selection (10 s) bounds how long a caller waits while the engine is down.
      assert.ok(slowestMs < 15_000 && downHealth.ms < 15_000, `answered while down in ${slowestMs} ms, /health in ${downHealth.ms} ms`);

      // Back: the same subgraph process answers again.
      engine = await startEngine();
      const upAt = Date.now();
      const resumedMs = await until('reads answer again', async () => !(await read()).body.errors, 60_000, 200);
      const upHealth = await health();
      assert.equal(upHealth.status, 200);
      assert.ok(alive(subgraph), 'the subgraph was not restarted');

      // Nothing half-written: every write, repeated with its key, is there exactly once and whole.
      for (const key of keys) {
        const again = await write(key);
        assert.equal(again.body.errors, undefined, JSON.stringify(again.body.errors));
        assert.deepEqual(again.body.data.recordVisit.topics, ['fault', 'suite']);
      }
      const db = await mongoose.createConnection(`mongodb://127.0.0.1:${enginePort}/`, { dbName: `${prefix}people_grids` }).asPromise();
      try {
        const visits = await db
          .collection('visits')
          .find({ idempotencyKey: { $in: keys } })
          .toArray();
        assert.equal(visits.length, keys.length, 'one visit per write');
        assert.equal(new Set(visits.map((v) => v.idempotencyKey as string)).size, keys.length);
        assert.ok(
          visits.every((v) => v.staffId && v.communityId && v.at && (v.topics as string[]).length === 2 && v.notes === 'F5'),
          'every visit whole',
        );
      } finally {
        await db.dropDatabase().catch(() => undefined);
        await db.close();
      }
      t.diagnostic(
        `F5: while down ${failed}/${during.length} requests failed, codes ${[...new Set(codes)].join(',')}, slowest answered in ${slowestMs} ms ` +
          `(health ${downHealth.status} in ${downHealth.ms} ms); after the restart reads answered in ${resumedMs} ms (health ${upHealth.status}), ` +
          `${Date.now() - upAt} ms to check ${keys.length} writes: each once and whole`,
      );
    } finally {
      await stackModule.stopProcess(subgraph);
      await kill(engine, 'SIGTERM');
    }
  },
);
