import {
  ReminderScheduler,
  createQueue,
  createRedis,
  createWorker,
  identitySigner,
  localDate,
  openWorkerProcess,
  scrubPii,
  serveWorkerProcess,
} from '@jwh/platform';
import { QUEUE_NAMES, type PersonalJobData, type ReminderJob } from '@jwh/contracts';
import { UnrecoverableError, type Job } from 'bullmq';
import { loadEnvironment } from './environment.js';
import { runAudit } from './jobs/audit.job.js';
import { failDraw, runDraw, type JobDeps } from './jobs/draw.job.js';
import { auditPayload, canvassScopePayload, drawPayload, QUEUES } from './jobs/queues.js';
import { runCanvassScope } from './jobs/canvass-scope.job.js';
import { registerModels } from './models/index.js';
import { repairAggregates } from './services/aggregates.js';
import { GraphClient } from './services/graph.js';
import { scheduleWindows } from './services/reminders.service.js';

const env = loadEnvironment();
const { logger, metrics, conn, connection } = await openWorkerProcess('evaluations-worker', env, 'evaluations');
const models = registerModels(conn);
const redis = createRedis(env.REDIS_URL, 'client', logger);
const graph = new GraphClient(
  { peopleGrids: env.PEOPLE_GRIDS_URL, serviceMatters: env.SERVICE_MATTERS_URL },
  env.IDENTITY_SIGNING_KEY ? await identitySigner(env.IDENTITY_SIGNING_KEY) : null,
);
const deps: JobDeps = { models, graph, logger };
// Evaluations schedules its own reminders (the quarterly windows) into the one reminders queue.
const reminders = createQueue<ReminderJob | PersonalJobData>(QUEUE_NAMES.reminders, connection);
const windows = new ReminderScheduler(reminders, redis, env.QUEUE_PREFIX, 'evaluations');
const isLastAttempt = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

const workers = [
  // Draws stream their population from the graph: one at a time per worker process.
  createWorker(
    QUEUES.sampling,
    async (job) => {
      if (job.name === 'draw') {
        const parsed = drawPayload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError('invalid payload');
        try {
          return await runDraw(deps, parsed.data.drawId, job);
        } catch (err) {
          await failDraw(models, parsed.data.drawId, err, isLastAttempt(job));
          throw err;
        }
      }
      if (job.name === 'audit') {
        const parsed = auditPayload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError('invalid payload');
        try {
          return await runAudit(deps, parsed.data.auditId);
        } catch (err) {
          if (isLastAttempt(job))
            await models.Audit.updateOne(
              { _id: parsed.data.auditId },
              { $set: { status: 'FAILED', failure: scrubPii((err as Error).message).slice(0, 300) } },
            ).exec();
          throw err;
        }
      }
      // canvasses
      if (job.name === 'canvass-scope') {
        const parsed = canvassScopePayload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError('invalid payload');
        return runCanvassScope({ ...deps, redis, queuePrefix: env.QUEUE_PREFIX }, parsed.data.canvassId);
      }
      throw new UnrecoverableError(`unknown job ${job.name}`);
    },
    { ...connection, concurrency: 1 },
  ),
  createWorker(QUEUES.repair, () => repairAggregates({ models, redis, queuePrefix: env.QUEUE_PREFIX }), { ...connection, concurrency: 1 }),
  createWorker(QUEUES.calendar, async () => ({ scheduled: await scheduleWindows(windows, localDate()) }), {
    ...connection,
    concurrency: 1,
  }),
];
// Every 5 minutes, the responses and reviews a crash left out of the running totals are applied.
const repairQueue = createQueue(QUEUES.repair, connection);
await repairQueue.upsertJobScheduler('repair-aggregates', { every: 5 * 60_000 }, { name: 'repair' });
// Daily at 06:00 Asia/Shanghai (one scheduler however many workers start), and once at start to catch up.
const calendarQueue = createQueue(QUEUES.calendar, connection);
await calendarQueue.upsertJobScheduler('windows', { pattern: '0 6 * * *', tz: 'Asia/Shanghai' }, { name: 'windows' });
await calendarQueue.add('windows', {}, { jobId: `windows-${localDate()}` });

await serveWorkerProcess({
  name: 'evaluations-worker',
  env,
  logger,
  metrics,
  conn,
  workers,
  queues: Object.values(QUEUES),
  then: [
    {
      name: 'queues and redis',
      run: async () => (await Promise.all([repairQueue.close(), calendarQueue.close(), reminders.close()]), await redis.quit()),
    },
  ],
});
