import { BadUserInputError, ForbiddenError, allOf, decodeCursor, encodeCursor, isObjectId, pageSize, scrubPii, type PageArgs } from '@jwh/platform';
import { ALL_QUEUES, type ReminderJob } from '@jwh/contracts';
import type { Context } from '../context.js';
import { isPersonalReminder, PERSONAL_JOB_NAME, type PersonalJobData } from '../reminders/scheduler.js';

/** The viewer as a recipient: its staff record, or its resident record. */
function recipientOf(ctx: Context) {
  const id = ctx.viewer.role === 'RESIDENT' ? ctx.viewer.residentId : ctx.viewer.staffId;
  if (!id) throw new ForbiddenError('没有对应的工作人员或居民档案 (no staff or resident record)');
  return { recipientType: ctx.viewer.role === 'RESIDENT' ? 'RESIDENT' : 'STAFF', recipientId: id };
}

/** The viewer's own notifications, newest first (`_id` descending: ids grow with creation time). */
export async function myNotifications(ctx: Context, args: PageArgs & { unreadOnly?: boolean | null }) {
  const limit = pageSize(args.first);
  const filter = allOf(recipientOf(ctx), args.unreadOnly ? { readAt: null } : {});
  const page = allOf(filter, args.after ? { _id: { $lt: decodeCursor(args.after) } } : {});
  const rows = await ctx.models.Notification.find(page)
    .sort({ _id: -1 })
    .limit(limit + 1)
    .lean()
    .exec();
  const nodes = rows.slice(0, limit);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(String(node._id)), node }));
  return {
    edges,
    nodes,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: () => ctx.models.Notification.countDocuments(filter).exec(),
  };
}

export function unreadCount(ctx: Context) {
  return ctx.models.Notification.countDocuments(allOf(recipientOf(ctx), { readAt: null })).exec();
}

/** Marks the viewer's own notifications read (others' ids are ignored); returns how many changed. */
export async function markRead(ctx: Context, ids: string[]) {
  if (ids.length < 1 || ids.length > 200) throw new BadUserInputError('ids', '1–200');
  ids.forEach((id, i) => {
    if (!isObjectId(id)) throw new BadUserInputError(`ids[${i}]`, '无效的编号 (invalid id)');
  });
  const res = await ctx.models.Notification.updateMany(allOf(recipientOf(ctx), { _id: { $in: ids }, readAt: null }), {
    $set: { readAt: new Date() },
  }).exec();
  return res.modifiedCount;
}

function queueOf(ctx: Context, name: string) {
  if (!ALL_QUEUES.includes(name)) throw new BadUserInputError('queue', `没有这个队列 (no such queue; one of ${ALL_QUEUES.join(', ')})`);
  return ctx.queues.ops(name);
}

export async function queueCounts(ctx: Context, name: string) {
  const q = queueOf(ctx, name);
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

export const allQueueCounts = (ctx: Context) => Promise.all(ALL_QUEUES.map((n) => queueCounts(ctx, n)));

/** Failed jobs with their reasons (scrubbed of anything that looks like personal data). */
export async function failedJobs(ctx: Context, args: { queue: string; first?: number | null }) {
  const q = queueOf(ctx, args.queue);
  const jobs = await q.getFailed(0, pageSize(args.first) - 1);
  return jobs.map((j) => ({
    id: j.id,
    queue: args.queue,
    name: j.name,
    failedReason: j.failedReason ? scrubPii(j.failedReason).slice(0, 500) : null,
    attemptsMade: j.attemptsMade,
    failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
  }));
}

export async function retryJob(ctx: Context, args: { queue: string; jobId: string }) {
  const job = await queueOf(ctx, args.queue).getJob(args.jobId);
  if (!job) throw new BadUserInputError('jobId', '没有这个任务 (no such job)');
  if (!(await job.isFailed())) throw new BadUserInputError('jobId', '只能重试失败的任务 (only a failed job can be retried)');
  await job.retry('failed');
  return true;
}

export async function pause(ctx: Context, name: string, paused: boolean) {
  const q = queueOf(ctx, name);
  if (paused) await q.pause();
  else await q.resume();
  return queueCounts(ctx, name);
}

/**
 * The next due reminders, soonest first. A personal one (about or to a resident) shows as kind
 * `PERSONAL` with its opaque job id as entity and its fire time as due time: ops see that it is
 * queued and when it fires, not whose birthday or age tier it is.
 */
export async function upcomingReminders(ctx: Context, first?: number | null) {
  const q = queueOf(ctx, 'reminders.fire');
  const jobs = await q.getDelayed(0, 999);
  return jobs
    .map((j) => ({ j, fireAt: new Date(j.timestamp + (j.opts.delay ?? 0)).toISOString() }))
    .sort((a, b) => a.fireAt.localeCompare(b.fireAt))
    .slice(0, pageSize(first))
    .map(({ j, fireAt }) => {
      const r = j.data as Partial<ReminderJob> & Partial<PersonalJobData>;
      if (!r.kind || !r.recipient || isPersonalReminder(r as ReminderJob)) {
        const recipientType = r.recipientType ?? r.recipient?.type ?? 'STAFF';
        return { jobId: j.id, kind: PERSONAL_JOB_NAME.toUpperCase(), entityId: j.id, recipientType, fireAt, dueAt: fireAt };
      }
      return { jobId: j.id, kind: r.kind, entityId: r.entityId, recipientType: r.recipient.type, fireAt, dueAt: r.dueAt };
    });
}
