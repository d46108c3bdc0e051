import {
  ReminderScheduler,
  WebhookChannel,
  addDays,
  assertNoEviction,
  createQueue,
  createRedis,
  createWorker,
  localDate,
  mondayOf,
  openWorkerProcess,
  registerQueueMetrics,
  serveWorkerProcess,
} from '@jwh/platform';
import { QUEUE_NAMES, type PersonalJobData, type ReminderJob } from '@jwh/contracts';
import { loadRemindersEnvironment } from './reminders/environment.js';
import { registerModels } from './models/index.js';
import { offDeskCheck, runDaily } from './reminders/calendar.js';
import { deliver, fire, type DeliveryDeps } from './reminders/delivery.js';

// Reminders: fires every domain's due reminders into notifications and delivers them, and runs
// people-grids' own calendars (birthdays, rota, liaison days, off-desk checks). Several of these
// processes can run: jobs are shared, never doubled.
const env = loadRemindersEnvironment();
const { logger, metrics, conn, connection } = await openWorkerProcess('reminders-worker', env, 'people_grids');
const redis = createRedis(env.REDIS_URL, 'client', logger);
// Refuse to run on a Redis that may evict keys: delayed reminders would silently vanish.
await assertNoEviction(redis).catch((err: Error) => {
  logger.fatal({ err: { message: err.message } }, 'refusing to start');
  process.exit(1);
});
const models = registerModels(conn);
const reminders = createQueue<ReminderJob | PersonalJobData>(QUEUE_NAMES.reminders, connection);
const deliveries = createQueue(QUEUE_NAMES.deliveries, connection);
const calendar = createQueue(QUEUE_NAMES.calendar, connection);
const scheduler = new ReminderScheduler(reminders, redis, env.QUEUE_PREFIX, 'people-grids');
const deps: DeliveryDeps = {
  models,
  scheduler,
  deliveries,
  channels: env.WEBHOOK_URL ? [new WebhookChannel(env.WEBHOOK_URL, env.WEBHOOK_SECRET!)] : [],
  logger,
  delivery: { attempts: env.DELIVERY_ATTEMPTS, backoffMs: env.DELIVERY_BACKOFF_MS },
};
const calendarDeps = { models, scheduler, offDeskTarget: env.OFF_DESK_TARGET };

const workers = [
  createWorker<ReminderJob | PersonalJobData>(QUEUE_NAMES.reminders, (job) => fire(deps, job), { ...connection, concurrency: 8 }),
  createWorker<{ notificationId: string; channel: string }>(QUEUE_NAMES.deliveries, (job) => deliver(deps, job), {
    ...connection,
    concurrency: 8,
  }),
  createWorker(
    QUEUE_NAMES.calendar,
    async (job) => {
      const today = localDate();
      if (job.name === 'daily') return { scheduled: await runDaily(calendarDeps, today) };
      if (job.name === 'off-desk') return { reported: await offDeskCheck(calendarDeps, addDays(mondayOf(today), -7)) };
      return null;
    },
    { ...connection, concurrency: 1 },
  ),
];
// Personal reminders queued before their jobs were opaque are made opaque (later starts find none).
const migrated = await scheduler.migrateLegacy();
if (migrated) logger.info({ migrated }, 'personal reminders made opaque');

// Repeatable calendar jobs (one scheduler each, however many workers start): daily at 06:00 and
// Monday 09:00 Asia/Shanghai; the daily run also once at start, to catch up.
await calendar.upsertJobScheduler('daily', { pattern: '0 6 * * *', tz: 'Asia/Shanghai' }, { name: 'daily' });
await calendar.upsertJobScheduler('off-desk', { pattern: '0 9 * * 1', tz: 'Asia/Shanghai' }, { name: 'off-desk' });
await calendar.add('daily', {}, { jobId: `daily-${localDate()}` });
registerQueueMetrics(metrics.registry, [reminders, deliveries, calendar]);

await serveWorkerProcess({
  name: 'reminders-worker',
  env,
  logger,
  metrics,
  conn,
  workers,
  queues: [QUEUE_NAMES.reminders, QUEUE_NAMES.deliveries, QUEUE_NAMES.calendar],
  details: { channels: deps.channels.map((c) => c.name) },
  then: [
    {
      name: 'queues and redis',
      run: async () => (await Promise.all([reminders.close(), deliveries.close(), calendar.close()]), await redis.quit()),
    },
  ],
});
