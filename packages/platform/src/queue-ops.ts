import {
  ALL_QUEUES,
  PERSONAL_JOB_NAME,
  QUEUE_NAMES,
  isPersonalReminder,
  reminderJobSchema,
  type PersonalJobData,
  type Recipient,
} from '@jwh/contracts';
import type { Queue } from 'bullmq';
import { BadUserInputError } from './errors.js';
import { pageSize } from './pagination.js';
import { scrubPii } from './pii.js';

/** A queue's job counts by state, as the ops fields show them. */
export interface QueueCounts {
  name: string;
  waiting: number;
  delayed: number;
  active: number;
  completed: number;
  failed: number;
  paused: boolean;
}

/**
 * What ops do with the system's queues (counts, failed jobs, retry, pause, the next reminders), for
 * every queue of the registry (`ALL_QUEUES` of @jwh/contracts, where queues are declared): the one
 * implementation behind the ops fields. `open` gives a queue by name (opened once, on first use).
 * A name outside the registry is bad input on the field `queue`.
 */
export function queueOps(open: (name: string) => Queue, names: readonly string[] = ALL_QUEUES) {
  const queueOf = (name: string) => {
    if (!names.includes(name)) throw new BadUserInputError('queue', `没有这个队列 (no such queue; one of ${names.join(', ')})`);
    return open(name);
  };

  async function counts(name: string): Promise<QueueCounts> {
    const q = queueOf(name);
    const [c, paused] = await Promise.all([q.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed'), q.isPaused()]);
    return {
      name,
      waiting: c.waiting ?? 0,
      delayed: c.delayed ?? 0,
      active: c.active ?? 0,
      completed: c.completed ?? 0,
      failed: c.failed ?? 0,
      paused,
    };
  }

  return {
    counts,
    /** Every queue's counts, in registry order. */
    all: () => Promise.all(names.map(counts)),

    /** Failed jobs with their reasons (scrubbed of anything that looks like personal data), latest first. */
    async failedJobs(args: { queue: string; first?: number | null }) {
      const jobs = await queueOf(args.queue).getFailed(0, pageSize(args.first) - 1);
      return jobs.map((j) => ({
        id: j.id!,
        queue: args.queue,
        name: j.name,
        failedReason: j.failedReason ? scrubPii(j.failedReason).slice(0, 500) : null,
        attemptsMade: j.attemptsMade,
        failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
      }));
    },

    /** Retries a failed job; a job that is not there or not failed is bad input on `jobId`. */
    async retry(args: { queue: string; jobId: string }): Promise<boolean> {
      const job = await queueOf(args.queue).getJob(args.jobId);
      if (!job) throw new BadUserInputError('jobId', '没有这个任务 (no such job)');
      if (!(await job.isFailed())) throw new BadUserInputError('jobId', '只能重试失败的任务 (only a failed job can be retried)');
      await job.retry('failed');
      return true;
    },

    async setPaused(name: string, paused: boolean): Promise<QueueCounts> {
      const q = queueOf(name);
      if (paused) await q.pause();
      else await q.resume();
      return counts(name);
    },

    /**
     * The next due reminders of the reminders queue, soonest first. A personal one (about or to a
     * resident) shows as kind `PERSONAL` with its opaque job id as entity and its fire time as due
     * time: ops see that it is queued and when it fires, not whose birthday or age tier it is. A
     * community's secretary shows as STAFF (found when it fires).
     */
    async upcomingReminders(first?: number | null) {
      const jobs = await queueOf(QUEUE_NAMES.reminders).getDelayed(0, 999);
      return jobs
        .map((j) => ({ j, fireAt: new Date(j.timestamp + (j.opts.delay ?? 0)).toISOString() }))
        .sort((a, b) => a.fireAt.localeCompare(b.fireAt))
        .slice(0, pageSize(first))
        .map(({ j, fireAt }) => {
          const r = reminderJobSchema.safeParse(j.data);
          if (!r.success || isPersonalReminder(r.data)) {
            const recipientType: Recipient['type'] =
              (j.data as Partial<PersonalJobData>).recipientType === 'RESIDENT' ? 'RESIDENT' : 'STAFF';
            return { jobId: j.id!, kind: PERSONAL_JOB_NAME.toUpperCase(), entityId: j.id!, recipientType, fireAt, dueAt: fireAt };
          }
          const recipientType: Recipient['type'] = r.data.recipient.type === 'RESIDENT' ? 'RESIDENT' : 'STAFF';
          return { jobId: j.id!, kind: r.data.kind, entityId: r.data.entityId, recipientType, fireAt, dueAt: r.data.dueAt };
        });
    },
  };
}
