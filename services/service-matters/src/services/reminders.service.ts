import { addDays, atLocal, reminderSchedulerFor, workingDayBefore, type LocalDate, type Redis } from '@jwh/platform';
import type { ReminderSpec } from '@jwh/contracts';
import { OPEN_STATUSES } from '../models/service-request.model.js';

/*
 * Service matters' reminders, decided here and scheduled through the shared scheduler into the one
 * reminders queue (people-grids' delivery worker turns them into notifications): a request's due
 * date (to the worker who took it), a suggestion's reply and a joint meeting's follow-up (to the
 * community's secretary, found when it fires).
 */

/** Reminders go out in the morning (Asia/Shanghai). */
const MORNING = '09:00';

/** What the reminder functions need of a request's context. */
type Producer = { redis: Redis; queuePrefix: string };
const schedulerOf = (ctx: Producer) => reminderSchedulerFor(ctx.redis, ctx.queuePrefix, 'service-matters');

/** A service request: due in one working day (the morning of the working day before), and overdue (the morning after). */
export function requestReminders(requestId: string, dueDate: LocalDate, takenBy: string): ReminderSpec[] {
  const recipient = { type: 'STAFF' as const, id: takenBy };
  const dueAt = atLocal(dueDate).toISOString();
  return [
    {
      kind: 'REQUEST_DUE_SOON',
      entityId: requestId,
      recipient,
      dueAt,
      fireAt: atLocal(workingDayBefore(dueDate), MORNING),
      data: { dueDate },
    },
    { kind: 'REQUEST_OVERDUE', entityId: requestId, recipient, dueAt, fireAt: atLocal(addDays(dueDate, 1), MORNING), data: { dueDate } },
  ];
}

/** A suggestion's reply owed: the morning of the working day before the reply is due, to the community's secretary. */
export function suggestionReminder(suggestionId: string, replyDueDate: LocalDate, communityId: string): ReminderSpec {
  return {
    kind: 'SUGGESTION_REPLY_DUE',
    entityId: suggestionId,
    recipient: { type: 'SECRETARY', id: communityId },
    dueAt: atLocal(replyDueDate).toISOString(),
    fireAt: atLocal(workingDayBefore(replyDueDate), MORNING),
    data: { replyDueDate },
  };
}

/** A joint meeting's follow-up: the morning before its date, to the community's secretary. */
export function followUpReminder(entityId: string, followUpDate: LocalDate, communityId: string): ReminderSpec {
  return {
    kind: 'FOLLOW_UP_DUE',
    entityId,
    recipient: { type: 'SECRETARY', id: communityId },
    dueAt: atLocal(followUpDate).toISOString(),
    fireAt: atLocal(addDays(followUpDate, -1), MORNING),
    data: { followUpDate },
  };
}

/**
 * After a request was written: an open request taken by a worker is reminded (moved when its due
 * date moves); a closed one, or one nobody took, is not. `at` is when the change was made: an older
 * change reaching the scheduler after a newer one (two requests racing) is ignored.
 */
export async function requestChanged(
  ctx: Producer,
  r: { _id: unknown; status: string; dueDate: string; takenBy?: unknown },
  at = new Date(),
): Promise<void> {
  const scheduler = schedulerOf(ctx);
  const requestId = String(r._id);
  if (!(await scheduler.isNewest(`request:${requestId}`, at))) return;
  if (!(OPEN_STATUSES as readonly string[]).includes(r.status) || !r.takenBy) {
    await scheduler.cancel('REQUEST_DUE_SOON', requestId);
    await scheduler.cancel('REQUEST_OVERDUE', requestId);
    return;
  }
  await scheduler.scheduleFresh(requestReminders(requestId, r.dueDate, String(r.takenBy)));
}

/** After a suggestion was written: a reply still owed is reminded; an answered or closed one is not. */
export async function suggestionChanged(
  ctx: Producer,
  s: { _id: unknown; replyDueDate: string | null; communityId: unknown },
  at = new Date(),
): Promise<void> {
  const scheduler = schedulerOf(ctx);
  const suggestionId = String(s._id);
  if (!(await scheduler.isNewest(`suggestion:${suggestionId}`, at))) return;
  if (!s.replyDueDate) return void (await scheduler.cancel('SUGGESTION_REPLY_DUE', suggestionId));
  await scheduler.scheduleFresh([suggestionReminder(suggestionId, s.replyDueDate, String(s.communityId))]);
}

/** After a joint meeting's item was decided or done: an open follow-up is reminded; a done one is not. */
export async function followUpChanged(
  ctx: Producer,
  f: { meetingId: string; itemId: string; followUpDate: string | null; done: boolean; communityId: unknown },
  at = new Date(),
): Promise<void> {
  const scheduler = schedulerOf(ctx);
  const entity = `${f.meetingId}:${f.itemId}`;
  if (!(await scheduler.isNewest(`followup:${entity}`, at))) return;
  if (f.done || !f.followUpDate) return void (await scheduler.cancel('FOLLOW_UP_DUE', entity));
  await scheduler.scheduleFresh([followUpReminder(entity, f.followUpDate, String(f.communityId))]);
}
