import { DEMO_USERS } from '@jwh/gateway/dev-keys';
import {
  ReminderScheduler,
  createLogger,
  createQueue,
  stableObjectId,
  verifySignature,
  SIGNATURE_HEADER,
  DELIVERY_HEADER,
} from '@jwh/platform';
import { QUEUE_NAMES, reminderJobId, type Recipient } from '@jwh/contracts';
import { signUpReminders } from '@jwh/volunteers/reminders';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { env } from './environment.js';
import { ROOT, as, processOf, stackForTests, stackModule } from './harness.js';
import { gql } from '@jwh/testkit';

// A webhook receiver standing in for an SMS gateway: checks signatures, records deliveries, and
// answers 500 for the recipients in `failFor`.
const SECRET = 'test-webhook-secret-0123456789abcdef';
const received: { id: string; recipient: string; text: string; signed: boolean }[] = [];
const failFor = new Set<string>();
let receiver: Server;
let receiverUrl = '';
before(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const n = JSON.parse(body) as { id: string; recipient: { id: string }; text: string };
      received.push({
        id: n.id,
        recipient: n.recipient.id,
        text: n.text,
        signed: verifySignature(body, req.headers[SIGNATURE_HEADER] as string, SECRET) && req.headers[DELIVERY_HEADER] === n.id,
      });
      res.statusCode = failFor.has(n.recipient.id) ? 500 : 204;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
});
after(() => new Promise<void>((r) => receiver.close(() => r())));

const stack = stackForTests({
  extraEnv: {
    get WEBHOOK_URL() {
      return receiverUrl;
    },
    WEBHOOK_SECRET: SECRET,
    DELIVERY_ATTEMPTS: '3',
    DELIVERY_BACKOFF_MS: '50',
  } as Record<string, string>,
});

type Role = keyof typeof DEMO_USERS;
const id = (key: string) => String(stableObjectId(key));
const worker = DEMO_USERS.GRID_WORKER.staff_id as string;
const resident = DEMO_USERS.RESIDENT.resident_id as string;
const ok = async (role: Role, query: string, variables?: Record<string, unknown>) => {
  const { body } = await gql(stack.gatewayUrl, query, variables, as(stack, role));
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
};
const until = async (what: string, check: () => Promise<boolean>, ms = 20_000) => {
  for (const deadline = Date.now() + ms; ;) {
    if (await check()) return;
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
};

let redis: Redis;
let scheduler: ReminderScheduler;
let queue: ReturnType<typeof createQueue>;
let db: mongoose.Connection;
let ready: Promise<void> | null = null;
/** Opened on first use, once the stack is up (its queue prefix and databases are known then). */
const setup = () =>
  (ready ??= (async () => {
    redis = new Redis(env.REDIS_URL);
    queue = createQueue(QUEUE_NAMES.reminders, {
      redisUrl: env.REDIS_URL,
      prefix: stack.common.QUEUE_PREFIX!,
      logger: createLogger('test', 'warn'),
    });
    scheduler = new ReminderScheduler(queue, redis as never, stack.common.QUEUE_PREFIX!);
    db = await mongoose.createConnection(env.MONGO_URL, { dbName: `${stack.common.MONGO_DB_PREFIX}people_grids` }).asPromise();
  })());
after(async () => {
  if (!ready) return;
  await queue.close();
  redis.disconnect();
  await db.close();
});
const notifications = (filter: Record<string, unknown>) => db.collection('notifications').find(filter).toArray();
const staff = (who: string): Recipient => ({ type: 'STAFF', id: who });

test('a request taken on the doorstep is reminded the working day before it is due and the morning after, on the ops list', async () => {
  await setup();
  const input = {
    clientRequestId: `rem-${Date.now()}`,
    residentId: id('demo:resident:0'),
    typeCode: 'PENSION_CARD',
    channel: 'DOORSTEP',
    materialsCollected: ['身份证', '原养老金卡'],
  };
  const r = (
    await ok('GRID_WORKER', `mutation ($input: CreateServiceRequestInput!) { createServiceRequest(input: $input) { id dueDate } }`, {
      input,
    })
  ).createServiceRequest;
  const { requestReminders } = await import('@jwh/service-matters/reminders');
  const expected = requestReminders(r.id, r.dueDate, worker).map((s) => [s.kind, s.fireAt.toISOString()]);
  let upcoming: { kind: string; entityId: string; fireAt: string; recipientType: string }[] = [];
  await until('the request reminders', async () => {
    upcoming = (await ok('OPS', `{ upcomingReminders(first: 200) { kind entityId fireAt recipientType } }`)).upcomingReminders;
    return upcoming.filter((u) => u.entityId === r.id).length === 2;
  });
  assert.deepEqual(
    upcoming
      .filter((u) => u.entityId === r.id)
      .map((u) => [u.kind, u.fireAt])
      .sort(),
    expected.sort(),
  );
  // Delivered, it is withdrawn.
  for (const to of ['MATERIALS_COLLECTED', 'FORWARDED', 'RESULT_RECEIVED', 'DELIVERED']) {
    await ok('GRID_WORKER', `mutation ($input: AdvanceServiceRequestInput!) { advanceServiceRequest(input: $input) { status } }`, {
      input: { id: r.id, to, firstContactResolved: true },
    });
  }
  await until('the reminders withdrawn', async () =>
    (await ok('OPS', `{ upcomingReminders(first: 200) { entityId } }`)).upcomingReminders.every(
      (u: { entityId: string }) => u.entityId !== r.id,
    ),
  );
});

test('a due date moved twice fires once, for the last date; a cancelled reminder never fires', async () => {
  await setup();
  const entity = `moved-${Date.now()}`;
  const at = (ms: number) => new Date(Date.now() + ms);
  await scheduler.schedule({
    kind: 'REQUEST_DUE_SOON',
    entityId: entity,
    recipient: staff(worker),
    dueAt: '2026-12-01T00:00:00.000Z',
    fireAt: at(1_200),
    data: { dueDate: '2026-12-01' },
  });
  await scheduler.schedule({
    kind: 'REQUEST_DUE_SOON',
    entityId: entity,
    recipient: staff(worker),
    dueAt: '2026-12-03T00:00:00.000Z',
    fireAt: at(1_400),
    data: { dueDate: '2026-12-03' },
  });
  await scheduler.schedule({
    kind: 'REQUEST_DUE_SOON',
    entityId: entity,
    recipient: staff(worker),
    dueAt: '2026-12-07T00:00:00.000Z',
    fireAt: at(1_600),
    data: { dueDate: '2026-12-07' },
  });
  const cancelled = `cancelled-${Date.now()}`;
  await scheduler.schedule({
    kind: 'REQUEST_OVERDUE',
    entityId: cancelled,
    recipient: staff(worker),
    dueAt: '2026-12-01T00:00:00.000Z',
    fireAt: at(1_000),
    data: { dueDate: '2026-12-01' },
  });
  await scheduler.cancel('REQUEST_OVERDUE', cancelled);
  await until('the moved reminder', async () => (await notifications({ entityId: entity })).length > 0);
  await new Promise((r) => setTimeout(r, 1_500));
  const fired = await notifications({ entityId: entity });
  assert.deepEqual(
    fired.map((n) => n.dueAt.toISOString()),
    ['2026-12-07T00:00:00.000Z'],
  );
  assert.match(fired[0]!.text, /2026-12-07/);
  assert.equal((await notifications({ entityId: cancelled })).length, 0);

  // The worker reads it through the graph, marks it read; nobody else sees it.
  const mine = (
    await ok(
      'GRID_WORKER',
      `{ myNotifications(first: 50, unreadOnly: true) { nodes { id kind title text read deliveries { channel status } } } }`,
    )
  ).myNotifications.nodes;
  const n = mine.find((x: { text: string }) => x.text.includes('2026-12-07'));
  assert.equal(n.title, '事项明日到期');
  assert.equal(
    (await ok('GRID_WORKER', `mutation ($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`, { ids: [n.id] })).markNotificationsRead,
    1,
  );
  assert.ok(
    (await ok('COMMUNITY_STAFF', `{ myNotifications(first: 200) { nodes { id } } }`)).myNotifications.nodes.every(
      (x: { id: string }) => x.id !== n.id,
    ),
  );
  await until('delivered to the webhook', async () => received.some((r) => r.id === n.id));
  assert.ok(
    received.filter((r) => r.id === n.id).every((r) => r.signed),
    'HMAC-signed, with the delivery id',
  );
  // The same reminder scheduled again after it fired (a repeated event, a catch-up run) is not re-armed.
  const deliveredBefore = received.filter((r) => r.id === n.id).length;
  await scheduler.schedule({
    kind: 'REQUEST_DUE_SOON',
    entityId: entity,
    recipient: staff(worker),
    dueAt: '2026-12-07T00:00:00.000Z',
    fireAt: new Date(),
    data: { dueDate: '2026-12-07' },
  });
  await new Promise((r) => setTimeout(r, 1_500));
  assert.equal((await notifications({ entityId: entity })).length, 1);
  assert.equal(received.filter((r) => r.id === n.id).length, deliveredBefore, 'not sent twice');
});

test('an activity reminds those signed up 24 hours ahead; a cancelled activity reminds nobody', async () => {
  await setup();
  const community = id('demo:community:0');
  const create = async (title: string) =>
    (
      await ok('COMMUNITY_STAFF', `mutation ($input: CreateActivityInput!) { createActivity(input: $input) { id } }`, {
        input: {
          communityId: community,
          title,
          organiser: '社区居委会',
          place: '活动室',
          startsAt: new Date(Date.now() + 24 * 3_600_000 + 2_500).toISOString(),
          capacity: 10,
          signupOpensAt: new Date(Date.now() - 60_000).toISOString(),
        },
      })
    ).createActivity.id as string;
  const held = await create('周末绘本课');
  const dropped = await create('健康讲座');
  for (const a of [held, dropped]) {
    await ok('RESIDENT', `mutation ($input: SignUpInput!) { signUp(input: $input) { outcome } }`, {
      input: { clientRequestId: `su-${a}`, activityId: a },
    });
  }
  await ok('COMMUNITY_STAFF', `mutation ($id: ID!) { cancelActivity(id: $id, reason: "讲师临时有事") { status } }`, { id: dropped });
  await until(
    'the activity reminder',
    async () => (await notifications({ entityId: held, recipientId: new mongoose.Types.ObjectId(resident) })).length === 1,
  );
  await new Promise((r) => setTimeout(r, 1_500));
  assert.equal((await notifications({ entityId: dropped })).length, 0, 'nothing for the cancelled activity');
  const mine = (await ok('RESIDENT', `{ myNotifications(first: 20) { nodes { kind text } } }`)).myNotifications.nodes;
  assert.ok(mine.some((x: { kind: string }) => x.kind === 'ACTIVITY'));
});

test('an older event arriving after a newer one (another worker, a retry) is ignored', async () => {
  await setup();
  const activity = String(new mongoose.Types.ObjectId());
  const startsAt = new Date(Date.now() + 24 * 3_600_000 + 2_000).toISOString();
  // Volunteers' sign-up reminders, as two racing requests reach them: the cancellation was made
  // last but arrives first; the confirmation it replaced comes after.
  const producer = { redis: redis as never, queuePrefix: stack.common.QUEUE_PREFIX! };
  const change = (status: string, at: Date) =>
    signUpReminders(producer, { activityId: activity, residentId: resident, status, startsAt, promoted: false }, at);
  const older = new Date(Date.now() - 5_000);
  await change('CANCELLED', new Date());
  await change('CONFIRMED', older);
  await new Promise((r) => setTimeout(r, 4_000));
  assert.equal((await notifications({ entityId: activity })).length, 0, 'the stale confirmation scheduled nothing');
});

test('a reception shift swapped after the calendar run: the reminder goes to whoever holds the shift', async () => {
  await setup();
  const shift = (await db.collection('dutyshifts').findOne({}))!;
  const holder = String(shift.staffId);
  const formerHolder = holder === worker ? id('demo:staff:4') : worker;
  // Scheduled for the former holder, as if the roster had changed since.
  await scheduler.schedule({
    kind: 'DUTY_SHIFT',
    entityId: String(shift._id),
    recipient: staff(formerHolder),
    dueAt: `${shift.date}T00:30:00.000Z`,
    fireAt: new Date(),
    data: { date: shift.date, part: shift.part, desk: shift.desk },
  });
  await until(
    'the holder reminded',
    async () => (await notifications({ entityId: String(shift._id), recipientId: new mongoose.Types.ObjectId(holder) })).length === 1,
  );
  assert.equal((await notifications({ entityId: String(shift._id), recipientId: new mongoose.Types.ObjectId(formerHolder) })).length, 0);
});

test('webhook failures are retried with backoff and dead-lettered after the last attempt; ops see and retry the failed job', async () => {
  await setup();
  const unlucky = id('demo:staff:5');
  failFor.add(unlucky);
  const entity = `dead-${Date.now()}`;
  await scheduler.schedule({
    kind: 'PUBLIC_POST',
    entityId: entity,
    recipient: staff(unlucky),
    dueAt: '2026-12-02T00:30:00.000Z',
    fireAt: new Date(),
    data: { date: '2026-12-02', start: '07:00', end: '08:30' },
  });
  let n: Record<string, any> | undefined;
  await until('dead letter', async () => {
    [n] = await notifications({ entityId: entity });
    return n?.deliveries?.webhook?.status === 'DEAD';
  });
  assert.equal(n!.deliveries.webhook.attempts, 3);
  assert.match(n!.deliveries.webhook.lastError, /500/);
  assert.equal(received.filter((r) => r.id === String(n!._id)).length, 3, 'three attempts reached the receiver');
  const failed = (await ok('OPS', `{ failedJobs(queue: "reminders.deliver") { id failedReason attemptsMade } }`)).failedJobs;
  const job = failed.find((f: { id: string }) => f.id.includes(String(n!._id)));
  assert.equal(job.attemptsMade, 3);
  // The gateway is back: ops retry it and it is delivered.
  failFor.delete(unlucky);
  assert.equal(
    (await ok('OPS', `mutation ($id: ID!) { retryFailedJob(queue: "reminders.deliver", jobId: $id) }`, { id: job.id })).retryFailedJob,
    true,
  );
  await until(
    'delivered after the retry',
    async () => (await notifications({ entityId: entity }))[0]?.deliveries?.webhook?.status === 'DELIVERED',
  );
  // Ops fields are for OPS only; a bad queue name names the field.
  const denied = await gql(stack.gatewayUrl, `{ queues { name } }`, undefined, as(stack, 'GRID_WORKER'));
  assert.equal(denied.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  const bad = await gql(stack.gatewayUrl, `{ failedJobs(queue: "nope") { id } }`, undefined, as(stack, 'OPS'));
  assert.equal(bad.body.errors?.[0]?.extensions?.field, 'queue');
  const queues = (await ok('OPS', `{ queues { name completed failed paused } }`)).queues as { name: string; completed: number }[];
  assert.ok(queues.find((q) => q.name === 'reminders.fire')!.completed >= 3);
});

test('the bull-board UI is served on the gateway to OPS only; queue metrics are on the worker', async () => {
  await setup();
  const base = stack.gatewayUrl.replace('/graphql', '');
  assert.equal((await fetch(`${base}/ops/queues`)).status, 401);
  assert.equal((await fetch(`${base}/ops/queues`, { headers: as(stack, 'GRID_WORKER') })).status, 403);
  const page = await fetch(`${base}/ops/queues`, { headers: as(stack, 'OPS') });
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<html/i);
  const api = await fetch(`${base}/ops/queues/api/queues`, { headers: as(stack, 'OPS') });
  assert.ok(((await api.json()) as { queues: { name: string }[] }).queues.some((q) => q.name === 'reminders.fire'));
  // A browser sends its page's origin with the form; the gateway takes forms from its own pages only.
  const login = await fetch(`${base}/ops/login`, {
    method: 'POST',
    headers: { origin: base },
    body: new URLSearchParams({ token: stack.tokens.OPS }),
    redirect: 'manual',
  });
  assert.equal(login.status, 303);
  const cookie = login.headers.get('set-cookie')!;
  assert.match(cookie, /Max-Age=28800; HttpOnly; SameSite=Strict/);
  assert.equal(
    (
      await fetch(`${base}/ops/login`, {
        method: 'POST',
        headers: { origin: base },
        body: new URLSearchParams({ token: stack.tokens.GRID_WORKER }),
        redirect: 'manual',
      })
    ).status,
    403,
  );
  assert.equal((await fetch(`${base}/ops/queues`, { headers: { cookie: cookie.split(';')[0]! } })).status, 200);
  const worker = processOf(stack, 'reminders-worker');
  const metrics = await (await fetch(`http://127.0.0.1:${worker.procEnv!.PORT}/metrics`)).text();
  assert.match(metrics, /bullmq_jobs\{[^}]*queue="reminders.fire"[^}]*state="completed"[^}]*\} \d+/);
});

test('S13: reminder jobs and what ops see carry no resident id, birthday or age tier; they still fire and cancel', async () => {
  await setup();
  const elder = id('demo:resident:0');
  const activity = String(new mongoose.Types.ObjectId());
  const later = new Date(Date.now() + 3_600_000);
  const cake = await scheduler.schedule({
    kind: 'BIRTHDAY_CAKE',
    entityId: `${elder}:2026`,
    recipient: staff(worker),
    dueAt: '2026-12-19T16:00:00.000Z',
    fireAt: later,
    data: { residentId: elder },
  });
  const signedUp = await scheduler.schedule({
    kind: 'ACTIVITY',
    entityId: activity,
    recipient: { type: 'RESIDENT', id: elder },
    dueAt: '2026-12-19T02:00:00.000Z',
    fireAt: later,
    data: { startsAt: '2026-12-19T02:00:00.000Z' },
  });
  const personal = (text: string) => text.includes(elder) || /BIRTHDAY|LONGEVITY|residentId|2026-12-19/.test(text);

  // Every queued reminder (the daily run's birthdays of the demo's elders too): nothing personal in its name, id or data.
  const delayed = await queue.getDelayed(0, -1);
  for (const id_ of [cake, signedUp])
    assert.ok(
      delayed.some((j) => j.id === id_),
      `${id_} queued`,
    );
  for (const j of delayed) {
    assert.ok(!personal(`${j.name} ${j.id} ${JSON.stringify(j.data)}`), `${j.name} ${j.id} ${JSON.stringify(j.data)}`);
    assert.notEqual((j.data as { recipient?: Recipient }).recipient?.type, 'RESIDENT');
  }
  const upcoming = (await ok('OPS', `{ upcomingReminders(first: 200) { jobId kind entityId recipientType fireAt dueAt } }`))
    .upcomingReminders as Record<string, string>[];
  const mine = upcoming.find((u) => u.jobId === cake)!;
  assert.deepEqual(
    { kind: mine.kind, entityId: mine.entityId, dueAt: mine.dueAt },
    { kind: 'PERSONAL', entityId: cake, dueAt: later.toISOString() },
  );
  assert.ok(!personal(JSON.stringify(upcoming)), JSON.stringify(upcoming.filter((u) => personal(JSON.stringify(u)))));
  const base = stack.gatewayUrl.replace('/graphql', '');
  const board = await fetch(`${base}/ops/queues/api/queues?activeQueue=reminders.fire&status=delayed&page=1&jobsPerPage=1000`, {
    headers: as(stack, 'OPS'),
  });
  assert.equal(board.status, 200);
  assert.ok(!personal(await board.text()), 'bull-board shows nothing personal');

  // A personal reminder due now fires with its content (kept out of the job), which then goes.
  const banquet = await scheduler.schedule({
    kind: 'BIRTHDAY_BANQUET',
    entityId: `${elder}:2027`,
    recipient: staff(worker),
    dueAt: '2027-01-01T16:00:00.000Z',
    fireAt: new Date(),
    data: { residentId: elder },
  });
  await until(
    'the banquet reminder',
    async () => (await notifications({ entityId: `${elder}:2027`, recipientId: new mongoose.Types.ObjectId(worker) })).length === 1,
  );
  const [n] = await notifications({ entityId: `${elder}:2027` });
  assert.equal(n!.key, banquet);
  assert.match(n!.text, /生日宴/);
  assert.deepEqual(await redis.keys(`${stack.common.QUEUE_PREFIX}:reminders:content:${banquet}`), []);

  // Cancelled by their entity, as before.
  assert.equal(await scheduler.cancel('BIRTHDAY_CAKE', `${elder}:2026`), 1);
  assert.equal(await scheduler.cancel('ACTIVITY', activity), 1);
  assert.equal(await queue.getJob(cake), undefined);
  assert.equal(await queue.getJob(signedUp), undefined);
});

test('workers refuse to run on a Redis that may evict keys', async (t) => {
  await setup();
  const port = 26_000 + Math.floor(Math.random() * 1_000);
  const server = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'allkeys-lru'], {
    stdio: 'ignore',
  });
  t.after(() => server.kill());
  await new Promise((r) => setTimeout(r, 300));
  const env_ = { ...processOf(stack, 'reminders-worker').procEnv!, REDIS_URL: `redis://127.0.0.1:${port}`, PORT: '0' };
  const child = stackModule.startProcess(
    'reminders-worker-evicting',
    join(ROOT, 'services/people-grids/dist/src/reminders-worker.js'),
    env_,
    stack.logDir,
  );
  const code = await new Promise((r) => child.once('exit', r));
  assert.equal(code, 1);
});

test('two workers share the queue; one killed mid-burst: every reminder makes exactly one notification', async () => {
  await setup();
  const first = processOf(stack, 'reminders-worker');
  const second = stackModule.startProcess(
    'reminders-worker-2',
    join(ROOT, 'services/people-grids/dist/src/reminders-worker.js'),
    { ...first.procEnv!, PORT: String(await stackModule.freePort(0)) },
    stack.logDir,
  );
  await new Promise((r) => setTimeout(r, 2_000));
  const burst = `burst-${Date.now()}`;
  const N = 300;
  for (let i = 0; i < N; i++) {
    await scheduler.schedule({
      kind: 'PUBLIC_POST',
      entityId: `${burst}-${i}`,
      recipient: staff(worker),
      dueAt: '2026-12-02T00:00:00.000Z',
      fireAt: new Date(),
      data: { date: '2026-12-02', start: '07:00', end: '08:30' },
    });
  }
  // Kill the first worker hard while the burst is being processed.
  await until(
    'the burst under way',
    async () => (await db.collection('notifications').countDocuments({ entityId: { $regex: `^${burst}` } })) > 20,
  );
  first.kill('SIGKILL');
  await until(
    'the burst done',
    async () => (await db.collection('notifications').countDocuments({ entityId: { $regex: `^${burst}` } })) === N,
    60_000,
  );
  // Stalled jobs of the killed worker are taken over within lockDuration + stalledInterval (< 10 s).
  await until(
    'no job left',
    async () => {
      const c = await queue.getJobCounts('active', 'waiting', 'delayed');
      return (c.active ?? 0) + (c.waiting ?? 0) === 0;
    },
    30_000,
  );
  await new Promise((r) => setTimeout(r, 1_000));
  const made = await notifications({ entityId: { $regex: `^${burst}` } });
  assert.equal(made.length, N, 'one notification per reminder');
  assert.equal(new Set(made.map((n) => n.entityId)).size, N);
  second.kill('SIGTERM');
  await new Promise((r) => second.once('exit', r));
});

test('a service schedules its own reminders: a request taken through the gateway queues its reminder jobs from service matters, with no reminders worker running', async () => {
  await setup();
  // People-grids' reminder worker (the one delivery worker) is stopped: it takes no part in scheduling.
  await stackModule.stopProcess(processOf(stack, 'reminders-worker'));
  const r = (
    await ok('GRID_WORKER', `mutation ($input: CreateServiceRequestInput!) { createServiceRequest(input: $input) { id dueDate } }`, {
      input: { clientRequestId: `own-${Date.now()}`, residentId: id('demo:resident:0'), typeCode: 'PENSION_CARD', channel: 'DOORSTEP' },
    })
  ).createServiceRequest;
  const { requestReminders } = await import('@jwh/service-matters/reminders');
  const expected = requestReminders(r.id, r.dueDate, worker);
  for (const spec of expected) {
    const job = await queue.getJob(reminderJobId(spec.kind, spec.entityId, spec.recipient, spec.dueAt));
    assert.ok(job, `${spec.kind} queued at once`);
    assert.equal((job.data as { producer?: string }).producer, 'service-matters');
    assert.equal(await job.getState(), 'delayed');
    assert.equal(job.timestamp + (job.opts.delay ?? 0), spec.fireAt.getTime());
  }
  assert.ok(
    stack.processes.filter((p) => p.procName.startsWith('reminders-worker')).every((p) => p.exitCode !== null || p.signalCode !== null),
    'no reminders worker was running',
  );
});
