import type { Context } from '../context.js';
import type { NotificationDoc } from '../models/index.js';
import * as n from '../services/notification.service.js';

type Args = Record<string, any>;

export const notificationQueries = {
  myNotifications: (_: unknown, a: Args, ctx: Context) => n.myNotifications(ctx, a),
  unreadNotificationCount: (_: unknown, __: unknown, ctx: Context) => n.unreadCount(ctx),
  queues: (_: unknown, __: unknown, ctx: Context) => n.allQueueCounts(ctx),
  failedJobs: (_: unknown, a: Args, ctx: Context) => n.failedJobs(ctx, a as never),
  upcomingReminders: (_: unknown, a: Args, ctx: Context) => n.upcomingReminders(ctx, a.first),
};

export const notificationMutations = {
  markNotificationsRead: (_: unknown, a: Args, ctx: Context) => n.markRead(ctx, a.ids),
  retryFailedJob: (_: unknown, a: Args, ctx: Context) => n.retryJob(ctx, a as never),
  pauseQueue: (_: unknown, a: Args, ctx: Context) => n.pause(ctx, a.queue, true),
  resumeQueue: (_: unknown, a: Args, ctx: Context) => n.pause(ctx, a.queue, false),
};

export const Notification = {
  id: (d: NotificationDoc) => String(d._id),
  dueAt: (d: NotificationDoc) => d.dueAt.toISOString(),
  createdAt: (d: NotificationDoc & { createdAt: Date }) => d.createdAt.toISOString(),
  read: (d: NotificationDoc) => Boolean(d.readAt),
  deliveries: (d: NotificationDoc) =>
    Object.entries(
      (d.deliveries ?? {}) as Record<string, { status: string; attempts: number; lastError: string | null; at: Date | null }>,
    ).map(([channel, v]) => ({
      channel,
      status: v.status,
      attempts: v.attempts,
      lastError: v.lastError,
      at: v.at ? new Date(v.at).toISOString() : null,
    })),
};
