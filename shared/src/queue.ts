import { Queue, Worker, type JobsOptions, type Processor } from 'bullmq';
import type { Logger } from './logger.js';
import { containsPii } from './pii.js';
import { createRedis } from './redis.js';

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
 * Lock and stalled-check settings: a worker killed mid-job gives its job back within
 * lockDuration + stalledInterval (< 10 s).
 */
export const WORKER_LOCK = { lockDuration: 5_000, stalledInterval: 3_000, maxStalledCount: 2 } as const;

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

export function createQueue<T>(name: string, opts: QueueConnectionOptions): Queue<T> {
  const queue = new Queue<T>(name, {
    connection: createRedis(opts.redisUrl, 'client', opts.logger),
    prefix: opts.prefix,
    defaultJobOptions: JOB_DEFAULTS,
  });
  queue.on('error', (err) => opts.logger.warn({ queue: name, err: { message: err.message } }, 'queue error'));
  return queue;
}

export function createWorker<T>(
  name: string,
  processor: Processor<T>,
  opts: QueueConnectionOptions & { concurrency?: number },
): Worker<T> {
  const worker = new Worker<T>(name, processor, {
    connection: createRedis(opts.redisUrl, 'worker', opts.logger),
    prefix: opts.prefix,
    concurrency: opts.concurrency ?? 4,
    ...WORKER_LOCK,
  });
  worker.on('error', (err) => opts.logger.warn({ queue: name, err: { message: err.message } }, 'worker error'));
  worker.on('failed', (job, err) =>
    opts.logger.warn({ queue: name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: { message: err.message } }, 'job failed'),
  );
  worker.on('completed', (job) => opts.logger.info({ queue: name, jobId: job.id }, 'job completed'));
  return worker;
}
