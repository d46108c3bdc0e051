import { reminderSchedulerFor, type Redis } from '@jwh/platform';
import type { ReminderSpec } from '@jwh/contracts';

/*
 * Volunteers' reminders, decided here and scheduled through the shared scheduler into the one
 * reminders queue (people-grids' delivery worker turns them into notifications): an activity, to
 * each resident signed up, and a place freed on the waitlist.
 */

/** What the reminder functions need of a request's context. */
type Producer = { redis: Redis; queuePrefix: string };
const schedulerOf = (ctx: Producer) => reminderSchedulerFor(ctx.redis, ctx.queuePrefix, 'volunteers');

/** How long before an activity starts those signed up are reminded. */
const ACTIVITY_LEAD_MS = 24 * 3_600_000;

/** An activity: 24 hours before it starts, to each resident signed up (and to one promoted from the waitlist). */
export function activityReminder(activityId: string, startsAt: string, residentId: string): ReminderSpec {
  return {
    kind: 'ACTIVITY',
    entityId: activityId,
    recipient: { type: 'RESIDENT', id: residentId },
    dueAt: new Date(startsAt).toISOString(),
    fireAt: new Date(Date.parse(startsAt) - ACTIVITY_LEAD_MS),
    data: { startsAt: new Date(startsAt).toISOString() },
  };
}

/**
 * After a sign-up changed (ids and times only): a confirmed resident is reminded before the activity
 * (and told at once when promoted from the waitlist); any other status withdraws their reminder.
 * `at` is when the change was made: an older change reaching the scheduler after a newer one (two
 * requests racing, a retry) is ignored.
 */
export async function signUpReminders(
  ctx: Producer,
  s: { activityId: string; residentId: string | null; status: string; startsAt: string; promoted: boolean },
  at = new Date(),
): Promise<void> {
  if (!s.residentId) return;
  const scheduler = schedulerOf(ctx);
  if (!(await scheduler.isNewest(`signup:${s.activityId}:${s.residentId}`, at))) return;
  const recipient = { type: 'RESIDENT' as const, id: s.residentId };
  if (s.status !== 'CONFIRMED') return void (await scheduler.cancel('ACTIVITY', s.activityId, recipient));
  await scheduler.scheduleFresh([activityReminder(s.activityId, s.startsAt, s.residentId)]);
  if (s.promoted) {
    await scheduler.schedule({
      kind: 'WAITLIST_PROMOTED',
      entityId: s.activityId,
      recipient,
      dueAt: new Date(s.startsAt).toISOString(),
      fireAt: new Date(),
      data: { startsAt: new Date(s.startsAt).toISOString() },
    });
  }
}

/** After an activity was cancelled: nobody is reminded of it. */
export async function activityCancelled(ctx: Producer, activityId: string, at = new Date()): Promise<void> {
  const scheduler = schedulerOf(ctx);
  if (!(await scheduler.isNewest(`activity:${activityId}`, at))) return;
  await scheduler.cancel('ACTIVITY', activityId);
  await scheduler.cancel('WAITLIST_PROMOTED', activityId);
}
