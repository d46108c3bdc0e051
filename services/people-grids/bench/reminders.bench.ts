// `npm run bench -- reminders`: schedules `--reminders` (default 100,000) reminders with fire times
// spread over `--window` seconds (default 60) after scheduling ends, fires them with `--workers`
// in-process BullMQ workers (default 2 × concurrency 8) into notifications, and reports scheduling
// and processing throughput and the lag between due time and notification (p50/p99). A measurement,
// not a test. Webhook delivery is left out (it is the receiver's speed).
import {
  ReminderScheduler,
  connectMongo,
  createLogger,
  createMetrics,
  createQueue,
  createRedis,
  createWorker,
  stepsSection,
  writeBenchmarkSection,
} from '@jwh/platform';
import { QUEUE_NAMES, type ReminderJob } from '@jwh/contracts';
import { benchEnv, testOverrides } from '@jwh/testkit';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadRemindersEnvironment } from '../src/reminders/environment.js';
import { registerModels } from '../src/models/index.js';
import { fire, type DeliveryDeps } from '../src/reminders/delivery.js';

const { values } = parseArgs({
  options: {
    reminders: { type: 'string', default: '100000' },
    window: { type: 'string', default: '60' },
    workers: { type: 'string', default: '2' },
    'no-write': { type: 'boolean', default: false },
  },
});
const loadAtStart = loadavg()[0]!;
const N = Number(values.reminders);
const WINDOW_MS = Number(values.window) * 1_000;
const WORKERS = Number(values.workers);
const env = loadRemindersEnvironment(
  testOverrides({
    LOG_LEVEL: 'warn',
    MONGO_DB_PREFIX: `bench${Date.now().toString(36)}_`,
    QUEUE_PREFIX: `bench${Date.now().toString(36)}`,
  }),
);
const logger = createLogger('reminders-bench', 'warn');
const conn = await connectMongo({
  url: env.MONGO_URL,
  dbName: `${env.MONGO_DB_PREFIX}people_grids`,
  logger,
  metrics: createMetrics('bench'),
});
const models = registerModels(conn);
await models.Notification.init();
const connection = { redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX, logger };
const queue = createQueue<ReminderJob>(QUEUE_NAMES.reminders, connection);
const redis = createRedis(env.REDIS_URL, 'worker', logger);
const scheduler = new ReminderScheduler(queue, redis, env.QUEUE_PREFIX);
const deliveries = createQueue(QUEUE_NAMES.deliveries, connection);
const deps: DeliveryDeps = {
  models,
  scheduler,
  deliveries,
  channels: [],
  logger,
  delivery: { attempts: 1, backoffMs: 1_000 },
};
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const rows: [string, string][] = [];
const workers: ReturnType<typeof createWorker<ReminderJob>>[] = [];
try {
  // Fire times: uniformly over the window that starts when scheduling is expected to end (~N/2000 s).
  const start = Date.now() + Math.max(10_000, N / 2);
  let t = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < N) {
        const i = next++;
        await scheduler.schedule({
          kind: 'PUBLIC_POST',
          entityId: `bench-${i}`,
          recipient: { type: 'STAFF', id: '0123456789abcdef01234567' },
          dueAt: '2026-12-02T00:00:00.000Z',
          fireAt: new Date(start + (i / N) * WINDOW_MS),
          data: { date: '2026-12-02', start: '07:00', end: '08:30' },
        });
      }
    }),
  );
  const scheduling = ms(t);
  rows.push([
    'schedule',
    `${N.toLocaleString()} reminders in ${(scheduling / 1000).toFixed(1)} s: ${Math.round(N / (scheduling / 1000)).toLocaleString()}/s (32 producers; id, current-job registry, delayed job)`,
  ]);
  process.stderr.write(`${rows.at(-1)![1]}\n`);
  if (Date.now() > start)
    rows.push(['note', `scheduling overran the first fire time by ${((Date.now() - start) / 1000).toFixed(1)} s: early lags include it`]);

  const lags: number[] = [];
  let done = 0;
  const finished = new Promise<void>((resolve) => {
    for (let w = 0; w < WORKERS; w++) {
      workers.push(
        createWorker<ReminderJob>(
          QUEUE_NAMES.reminders,
          async (job) => {
            const r = await fire(deps, job);
            lags.push(Date.now() - (job.timestamp + (job.opts.delay ?? 0)));
            if (++done === N) resolve();
            return r;
          },
          { ...connection, concurrency: 8 },
        ),
      );
    }
  });
  t = process.hrtime.bigint();
  await finished;
  const processing = ms(t);
  const made = await models.Notification.estimatedDocumentCount();
  rows.push([
    'fire into notifications',
    `${N.toLocaleString()} in ${(processing / 1000).toFixed(1)} s from the first worker start (window ${WINDOW_MS / 1000} s): ${made.toLocaleString()} notifications`,
  ]);
  rows.push([
    'lag due → notification',
    `p50 ${pct(lags, 50).toFixed(0)} ms, p99 ${pct(lags, 99).toFixed(0)} ms, max ${Math.max(...lags).toFixed(0)} ms (${WORKERS} workers × 8)`,
  ]);
} finally {
  await Promise.all(workers.map((w) => w.close()));
  const keys = await redis.keys(`${env.QUEUE_PREFIX}:*`);
  for (let i = 0; i < keys.length; i += 1_000) await redis.del(...keys.slice(i, i + 1_000));
  await Promise.all([queue.close(), deliveries.close()]);
  await redis.quit();
  await conn.dropDatabase();
  await conn.close();
}
const width = Math.max(...rows.map(([k]) => k.length));
console.log('\nreminders');
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
if (!values['no-write']) {
  const body = stepsSection(
    `\`npm run bench -- reminders\` (services/people-grids/bench/reminders.bench.ts): ${N.toLocaleString('en')} reminders scheduled, then fired by BullMQ workers into notifications. Goal (issue 12): ≥ 2,000 reminders/s, p99 lag ≤ 1 s, 0 duplicates.`,
    rows,
    benchEnv().BENCH_MONGO_ENGINE,
    loadAtStart,
  );
  writeBenchmarkSection(fileURLToPath(new URL('../../../../docs/benchmarks.md', import.meta.url)), 'B4', 'B4 100,000 reminders', body);
}
