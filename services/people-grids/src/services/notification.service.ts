import { BadUserInputError, ForbiddenError, allOf, decodeCursor, encodeCursor, isObjectId, pageSize, queueOps } from '@jwh/platform';
import type {
  MutationRetryFailedJobArgs,
  NotificationDelivery,
  QueryFailedJobsArgs,
  QueryMyNotificationsArgs,
} from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import type { NotificationDoc } from '../models/index.js';
import type { DELIVERY_STATUSES } from '../models/notification.model.js';

/** The viewer as a recipient: its staff record, or its resident record. */
function recipientOf(ctx: Context) {
  const id = ctx.viewer.role === 'RESIDENT' ? ctx.viewer.residentId : ctx.viewer.staffId;
  if (!id) throw new ForbiddenError('没有对应的工作人员或居民档案 (no staff or resident record)');
  return { recipientType: ctx.viewer.role === 'RESIDENT' ? 'RESIDENT' : 'STAFF', recipientId: id };
}

/** The viewer's own notifications, newest first (`_id` descending: ids grow with creation time). */
export async function myNotifications(ctx: Context, args: QueryMyNotificationsArgs) {
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

/** How a notification went out, channel by channel. */
export function notificationDeliveries(d: NotificationDoc): NotificationDelivery[] {
  const deliveries = (d.deliveries ?? {}) as Record<
    string,
    { status: (typeof DELIVERY_STATUSES)[number]; attempts: number; lastError: string | null; at: Date | string | null }
  >;
  return Object.entries(deliveries).map(([channel, v]) => ({
    channel,
    status: v.status,
    attempts: v.attempts,
    lastError: v.lastError,
    at: v.at ? new Date(v.at) : null,
  }));
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

/*
 * The ops fields answer for every queue of the registry (@jwh/contracts) through the platform's one
 * implementation (queueOps); this subgraph is their home in the graph.
 */
const ops = (ctx: Context) => queueOps(ctx.queues.ops);

export const allQueueCounts = (ctx: Context) => ops(ctx).all();
export const failedJobs = (ctx: Context, args: QueryFailedJobsArgs) => ops(ctx).failedJobs(args);
export const retryJob = (ctx: Context, args: MutationRetryFailedJobArgs) => ops(ctx).retry(args);
export const pause = (ctx: Context, name: string, paused: boolean) => ops(ctx).setPaused(name, paused);
export const upcomingReminders = (ctx: Context, first?: number | null) => ops(ctx).upcomingReminders(first);
