import { Queue, Worker, type JobsOptions, type Processor } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from './logger.js';
import { containsPii, scrubPii } from './pii.js';
import { createRedis, type Redis } from './redis.js';

/**
 * Attempts, backoff and retention for every job, set here once: 5 attempts with exponential
 * backoff from 1 s; completed jobs kept 1 day (at most 1,000), failed ones 7 days.
 */
export const JOB_DEFAULTS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 86_400, count: 1_000 },
  removeOnFail: { age: 7 * 86_400 },
};

/**
 * Lock and stalled-check settings: a job of a worker killed mid-job goes back to the queue once its
 * lock has lapsed (at most lockDuration, 5 s, after the kill) and a running worker's stalled check
 * has seen it twice (stalledInterval apart, 1 s; one Lua call a second per queue, whichever worker
 * makes it). The fault suite (tests/src/faults.test.ts, F2: kill mid-batch, start a new worker)
 * measured 12.9 s from the kill to the batch done with a 3 s interval, 5.3–9.5 s with 1 s (the new
 * worker's start, 4–8 s on a loaded machine, included).
 */
export const WORKER_LOCK = { lockDuration: 5_000, stalledInterval: 1_000, maxStalledCount: 2 } as const;

export interface QueueConnectionOptions {
  redisUrl: string;
  /** BullMQ key prefix (per deployment; tests use a run id). */
  prefix: string;
  logger: Logger;
}

/**
 * Job payloads are stored in clear text in Redis: they carry ids only. Throws when a payload
 * looks like it carries a phone or ID number.
 */
export function assertNoPii(payload: unknown): void {
  if (containsPii(JSON.stringify(payload))) throw new Error('job payload looks like it carries personal data (phone or ID number)');
}

/** A Queue that also closes the Redis client it was given (BullMQ leaves a passed-in client open). */
class OwnedQueue<T> extends Queue<T> {
  constructor(
    name: string,
    opts: ConstructorParameters<typeof Queue<T>>[1],
    private readonly redis: Redis,
  ) {
    super(name, opts);
  }
  override async close(): Promise<void> {
    await super.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** A Worker that also closes the Redis client it was given. */
class OwnedWorker<T> extends Worker<T> {
  constructor(
    name: string,
    processor: Processor<T>,
    opts: ConstructorParameters<typeof Worker<T>>[2],
    private readonly redis: Redis,
  ) {
    super(name, processor, opts);
  }
  override async close(force?: boolean): Promise<void> {
    await super.close(force);
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

export function createQueue<T>(name: string, opts: QueueConnectionOptions): Queue<T> {
  const redis = createRedis(opts.redisUrl, 'client', opts.logger);
  const queue = new OwnedQueue<T>(name, { connection: redis, prefix: opts.prefix, defaultJobOptions: JOB_DEFAULTS }, redis);
  queue.on('error', (err) => opts.logger.warn({ queue: name, err: { message: err.message } }, 'queue error'));
  return queue;
}

export function createWorker<T>(name: string, processor: Processor<T>, opts: QueueConnectionOptions & { concurrency?: number }): Worker<T> {
  const redis = createRedis(opts.redisUrl, 'worker', opts.logger);
  const worker = new OwnedWorker<T>(
    name,
    processor,
    { connection: redis, prefix: opts.prefix, concurrency: opts.concurrency ?? 4, ...WORKER_LOCK },
    redis,
  );
  worker.on('error', (err) => opts.logger.warn({ queue: name, err: { message: err.message } }, 'worker error'));
  worker.on('failed', (job, err) =>
    opts.logger.warn(
      { queue: name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: { message: scrubPii(err.message) } },
      'job failed',
    ),
  );
  worker.on('completed', (job) => opts.logger.info({ queue: name, jobId: job.id }, 'job completed'));
  return worker;
}

/**
 * `bullmq_jobs{queue, state}` on the process's /metrics: job counts by state, read from Redis at
 * each scrape (waiting, delayed, active, completed, failed, paused).
 */
export function registerQueueMetrics(registry: Registry, queues: Queue[]): void {
  new Gauge({
    name: 'bullmq_jobs',
    help: 'BullMQ jobs by queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const q of queues) {
        const counts = await q.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed', 'paused').catch(() => null);
        if (counts) for (const [state, n] of Object.entries(counts)) this.set({ queue: q.name, state }, n);
      }
    },
  });
}
