import { maskName, isDuplicateKeyError, type Channel, type Logger, type Redis } from '@jwh/platform';
import { type ReminderJob, type ReminderSpec } from '@jwh/contracts';
import type { Job, Queue } from 'bullmq';
import type { Models } from '../models/index.js';
import { birthdayWindow } from '../services/birthday.service.js';
import { isoWeekday } from '../services/time.js';
import {
  activityReminder,
  birthdayReminders,
  calendarAhead,
  festivalReminder,
  festivalsAhead,
  followUpReminder,
  KINDS,
  requestReminders,
  suggestionReminder,
  type Kind,
} from './kinds.js';
import type { PersonalJobData, ReminderScheduler } from './scheduler.js';
import { FESTIVALS, addDays, shanghai, type Festival } from './time.js';

export interface ReminderDeps {
  models: Models;
  scheduler: ReminderScheduler;
  deliveries: Queue;
  channels: Channel[];
  logger: Logger;
  offDeskTarget: number;
  /** Delivery attempts before a notification's channel is dead-lettered, and the first backoff. */
  delivery: { attempts: number; backoffMs: number };
}

/** How far ahead the daily calendar run schedules (a missed day is caught up: ids are deterministic). */
export const LOOKAHEAD_DAYS = 3;
const CLOSED_REQUEST = ['DELIVERED', 'REFERRED', 'REJECTED', 'WITHDRAWN'];

async function secretaryOf(m: Models, communityId: unknown): Promise<string | null> {
  const s = await m.StaffMember.findOne({ communityId, role: 'SECRETARY' }, { _id: 1 }).lean().exec();
  return s ? String(s._id) : null;
}

/** Schedules reminders unless they would fire in the past by more than a day (a stale event). */
async function scheduleAll(deps: ReminderDeps, specs: ReminderSpec[]) {
  for (const s of specs) {
    if (s.fireAt.getTime() < Date.now() - 86_400_000) continue;
    await deps.scheduler.schedule(s);
  }
  return specs.length;
}

/** Events from the domain subgraphs' streams (ids and dates only). */
export type DomainEvent =
  | { type: 'request.changed'; requestId: string; status: string; dueDate: string; communityId: string; takenBy?: string | null }
  | { type: 'suggestion.changed'; suggestionId: string; status: string; replyDueDate: string | null; communityId: string }
  | { type: 'followup.changed'; meetingId: string; itemId: string; followUpDate: string | null; done: boolean; communityId: string }
  | { type: 'activity.changed'; activityId: string; status: string; startsAt: string }
  | { type: 'signup.changed'; activityId: string; residentId: string | null; status: string; startsAt: string; promoted: boolean };

/** What an event is about: events about one thing must be applied in the order they were written. */
function subjectOf(e: DomainEvent): string {
  switch (e.type) {
    case 'request.changed':
      return `request:${e.requestId}`;
    case 'suggestion.changed':
      return `suggestion:${e.suggestionId}`;
    case 'followup.changed':
      return `followup:${e.meetingId}:${e.itemId}`;
    case 'activity.changed':
      return `activity:${e.activityId}`;
    case 'signup.changed':
      return `signup:${e.activityId}:${e.residentId}`;
  }
}

// Compare-and-set of the newest event time applied for a subject (kept 120 days).
const NEWER = `local v = redis.call('get', KEYS[1]) if v and v > ARGV[1] then return 0 end redis.call('set', KEYS[1], ARGV[1], 'EX', 10368000) return 1`;

/**
 * Turns a domain event into scheduled, moved or cancelled reminders. Several workers share the
 * streams and a failed event is retried later, so an older event about the same thing can arrive
 * after a newer one: it is ignored (each event carries the time it was written, `at`).
 */
export async function handleEvent(deps: ReminderDeps, e: DomainEvent & { at?: string }, redis?: Redis, prefix = ''): Promise<void> {
  if (redis && e.at && !(await redis.eval(NEWER, 1, `${prefix}:reminders:seen:${subjectOf(e)}`, e.at))) {
    deps.logger.info({ type: e.type, at: e.at }, 'older event ignored');
    return;
  }
  const { scheduler, models } = deps;
  switch (e.type) {
    case 'request.changed': {
      if (CLOSED_REQUEST.includes(e.status) || !e.takenBy) {
        await scheduler.cancel('REQUEST_DUE_SOON', e.requestId);
        await scheduler.cancel('REQUEST_OVERDUE', e.requestId);
        return;
      }
      await scheduleAll(deps, requestReminders(e.requestId, e.dueDate, e.takenBy));
      return;
    }
    case 'suggestion.changed': {
      const secretary = await secretaryOf(models, e.communityId);
      if (!e.replyDueDate || !secretary) return void (await scheduler.cancel('SUGGESTION_REPLY_DUE', e.suggestionId));
      await scheduleAll(deps, [suggestionReminder(e.suggestionId, e.replyDueDate, secretary)]);
      return;
    }
    case 'followup.changed': {
      const entity = `${e.meetingId}:${e.itemId}`;
      const secretary = await secretaryOf(models, e.communityId);
      if (e.done || !e.followUpDate || !secretary) return void (await scheduler.cancel('FOLLOW_UP_DUE', entity));
      await scheduleAll(deps, [followUpReminder(entity, e.followUpDate, secretary)]);
      return;
    }
    case 'activity.changed': {
      if (e.status === 'CANCELLED') {
        await scheduler.cancel('ACTIVITY', e.activityId);
        await scheduler.cancel('WAITLIST_PROMOTED', e.activityId);
      }
      return;
    }
    case 'signup.changed': {
      if (!e.residentId) return;
      const recipient = { type: 'RESIDENT' as const, id: e.residentId };
      if (e.status !== 'CONFIRMED') return void (await scheduler.cancel('ACTIVITY', e.activityId, recipient));
      await scheduleAll(deps, [activityReminder(e.activityId, e.startsAt, e.residentId)]);
      if (e.promoted) {
        await scheduler.schedule({
          kind: 'WAITLIST_PROMOTED',
          entityId: e.activityId,
          recipient,
          dueAt: new Date(e.startsAt).toISOString(),
          fireAt: new Date(),
          data: { startsAt: e.startsAt },
        });
      }
      return;
    }
  }
}

/**
 * The daily calendar run (06:00 Asia/Shanghai, and at start): for the next LOOKAHEAD_DAYS days,
 * elders' birthdays (to their grid workers), festival gift lists (to the secretary), tomorrow's
 * duty shifts and public posts (to the worker), liaison days, joint meetings and the quarterly
 * survey and audit windows (to every member of staff). Deterministic ids: running it twice, or
 * catching up a missed day, schedules nothing twice.
 */
export async function runDaily(deps: ReminderDeps, today: string): Promise<number> {
  const { models } = deps;
  let scheduled = 0;
  const until = addDays(today, LOOKAHEAD_DAYS);
  const communities = await models.Community.find({}, { _id: 1 }).lean().exec();
  const window = birthdayWindow(addDays(today, 1), LOOKAHEAD_DAYS + 2);
  for (const c of communities) {
    const staff = await models.StaffMember.find({ communityId: c._id }, { _id: 1, role: 1, gridIds: 1 }).lean().exec();
    const secretary = staff.find((s) => s.role === 'SECRETARY');
    // Birthdays two days ahead: residents of 60 and over with a birthday in the window.
    const residents = await models.Resident.find(
      { communityId: c._id, birthMonthDay: { $in: [...window.keys()] } },
      { _id: 1, birthDate: 1, birthMonthDay: 1, householdId: 1 },
    )
      .lean()
      .exec();
    const households = new Map(
      (
        await models.Household.find({ _id: { $in: [...new Set(residents.map((r) => String(r.householdId)))] } }, { gridId: 1 })
          .lean()
          .exec()
      ).map((h) => [String(h._id), h.gridId]),
    );
    for (const r of residents) {
      const birthday = window.get(r.birthMonthDay)!;
      const turning = Number(birthday.slice(0, 4)) - Number(r.birthDate.slice(0, 4));
      const gridId = households.get(String(r.householdId));
      const workers = staff
        .filter((s) => s.role === 'GRID_WORKER' && gridId && s.gridIds.some((g) => String(g) === String(gridId)))
        .map((s) => String(s._id));
      const specs = birthdayReminders(String(r._id), birthday, turning, workers).filter(
        (s) => s.fireAt.getTime() >= shanghai(today, '00:00').getTime() && s.fireAt <= shanghai(until, '23:59'),
      );
      scheduled += await scheduleAll(deps, specs);
    }
    if (secretary) {
      for (const f of festivalsAhead(today, until))
        scheduled += await scheduleAll(deps, [festivalReminder(String(c._id), f.festival, f.date, String(secretary._id))]);
    }
    // Tomorrow's reception shifts and public posts, the afternoon before.
    const tomorrow = addDays(today, 1);
    const shifts = await models.DutyShift.find({ communityId: c._id, date: tomorrow }).lean().exec();
    for (const s of shifts) {
      scheduled += await scheduleAll(deps, [
        {
          kind: 'DUTY_SHIFT',
          entityId: String(s._id),
          recipient: { type: 'STAFF', id: String(s.staffId) },
          dueAt: shanghai(s.date, s.part === 'AM' ? '08:30' : '13:30').toISOString(),
          fireAt: shanghai(today, '17:00'),
          data: { date: s.date, part: s.part, desk: s.desk },
        },
      ]);
    }
    const posts = await models.PublicPost.find({ communityId: c._id }).lean().exec();
    for (const p of posts.filter((x) => x.weekdays.includes(isoWeekday(tomorrow)))) {
      scheduled += await scheduleAll(deps, [
        {
          kind: 'PUBLIC_POST',
          entityId: `${String(p._id)}:${tomorrow}`,
          recipient: { type: 'STAFF', id: String(p.staffId) },
          dueAt: shanghai(tomorrow, p.start).toISOString(),
          fireAt: shanghai(today, '17:00'),
          data: { postId: String(p._id), date: tomorrow, start: p.start, end: p.end },
        },
      ]);
    }
    for (const cal of calendarAhead(today, until)) {
      const recipients = cal.kind === 'LIAISON_DAY' ? staff : staff.filter((s) => s.role === 'SECRETARY');
      scheduled += await scheduleAll(
        deps,
        recipients.map((s) => ({
          kind: cal.kind,
          entityId: `${String(c._id)}:${cal.date}`,
          recipient: { type: 'STAFF' as const, id: String(s._id) },
          dueAt: shanghai(cal.date, '00:00').toISOString(),
          fireAt: cal.fireAt,
          data: { communityId: String(c._id), date: cal.date },
        })),
      );
    }
  }
  return scheduled;
}

/** The weekly off-desk check (Monday morning): each worker under target last week is reported to its secretary. */
export async function offDeskCheck(deps: ReminderDeps, weekStart: string): Promise<number> {
  const { models } = deps;
  const dates = Array.from({ length: 5 }, (_, i) => addDays(weekStart, i));
  let reported = 0;
  for (const c of await models.Community.find({}, { _id: 1 }).lean().exec()) {
    const secretary = await secretaryOf(models, c._id);
    if (!secretary) continue;
    const workers = await models.StaffMember.find({ communityId: c._id, role: { $in: ['COMMITTEE_MEMBER', 'GRID_WORKER'] } }, { _id: 1 })
      .lean()
      .exec();
    const halfDays = await models.HalfDay.find({ communityId: c._id, date: { $in: dates }, mode: 'OFF_DESK' }, { staffId: 1 })
      .lean()
      .exec();
    for (const w of workers) {
      const off = halfDays.filter((h) => String(h.staffId) === String(w._id)).length;
      if (off >= deps.offDeskTarget) continue;
      await deps.scheduler.schedule({
        kind: 'OFF_DESK_BELOW_TARGET',
        entityId: `${String(w._id)}:${weekStart}`,
        recipient: { type: 'STAFF', id: secretary },
        dueAt: shanghai(weekStart, '00:00').toISOString(),
        fireAt: new Date(),
        data: { staffId: String(w._id), weekStart, offDesk: off, target: deps.offDeskTarget },
      });
      reported++;
    }
  }
  return reported;
}

/** The Chinese text of a notification, from its job's ids and dates (names read here, residents' masked). */
export async function compose(m: Models, job: ReminderJob): Promise<{ title: string; text: string }> {
  const title = KINDS[job.kind as Kind] ?? job.kind;
  const d = job.data;
  const staffName = async (id: unknown) =>
    id ? ((await m.StaffMember.findById(id, { name: 1 }).lean().exec())?.name ?? '工作人员') : '工作人员';
  switch (job.kind as Kind) {
    case 'REQUEST_DUE_SOON':
      return { title, text: `您代办的事项(编号 ${job.entityId.slice(-6)})将于 ${d.dueDate} 到期,请及时办结并回复居民。` };
    case 'REQUEST_OVERDUE':
      return { title, text: `您代办的事项(编号 ${job.entityId.slice(-6)})已于 ${d.dueDate} 到期仍未办结,请尽快处理。` };
    case 'SUGGESTION_REPLY_DUE':
      return { title, text: `一条居民建议须在 ${d.replyDueDate} 前给予最终答复。` };
    case 'FOLLOW_UP_DUE':
      return { title, text: `联席会议议定事项的跟进日期为 ${d.followUpDate},请落实并记录。` };
    case 'BIRTHDAY_BANQUET':
    case 'BIRTHDAY_CAKE':
    case 'LONGEVITY_NOODLES': {
      // The job carries the resident id only; the date and age are read here (not in Redis).
      const what = job.kind === 'BIRTHDAY_BANQUET' ? '生日宴' : job.kind === 'BIRTHDAY_CAKE' ? '生日蛋糕和长寿面' : '长寿面';
      const r = await m.Resident.findById(d.residentId, { name: 1, birthDate: 1 }).lean().exec();
      const birthday = new Date(new Date(job.dueAt).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
      const age = r ? Number(birthday.slice(0, 4)) - Number(r.birthDate.slice(0, 4)) : null;
      return { title, text: `${r ? maskName(r.name) : '居民'} 将于 ${birthday} 迎来 ${age ?? ''} 岁生日,请准备${what}并上门祝寿。` };
    }
    case 'FESTIVAL_GIFTS': {
      const name = FESTIVALS[d.festival as Festival]?.name ?? '节日';
      return { title, text: `${name}(${d.date})将至,请核定本社区80岁以上老人慰问名单并准备礼品。` };
    }
    case 'DUTY_SHIFT':
      return { title, text: `您明天(${d.date}${d.part === 'AM' ? '上午' : '下午'})在${d.desk}号接待工位值班。` };
    case 'PUBLIC_POST':
      return { title, text: `您明天(${d.date})${d.start}–${d.end} 在固定场所值守,居民会按公示时间来找您。` };
    case 'ACTIVITY':
      return {
        title,
        text: `您报名的活动将于 ${new Date(String(d.startsAt)).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })} 开始,请准时参加。`,
      };
    case 'WAITLIST_PROMOTED':
      return {
        title,
        text: `您候补的活动已有空位,您已转为正式报名。活动时间:${new Date(String(d.startsAt)).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}。`,
      };
    case 'LIAISON_DAY':
      return { title, text: `明天(${d.date})是本月居民联系日,请按安排接待居民。` };
    case 'JOINT_MEETING':
      return { title, text: `本月请召开党组织联席会,梳理待协调事项并通知各成员单位。` };
    case 'SURVEY_WINDOW':
      return { title, text: `本季度新三率调查自 ${d.date} 起开展,请配合街道抽样入户。` };
    case 'AUDIT_WINDOW':
      return { title, text: `本季度走访记录抽查自 ${d.date} 起开展,请备好民情日记。` };
    case 'OFF_DESK_BELOW_TARGET':
      return { title, text: `${await staffName(d.staffId)} 上周(${d.weekStart} 起)离案工作 ${d.offDesk} 个半天,低于目标 ${d.target} 个。` };
  }
  return { title, text: title };
}

/**
 * Fires a reminder: skipped if it is no longer current (moved or cancelled); otherwise one
 * notification (its id derives from the job id, so a re-run after a crash makes no second one),
 * then one delivery job per channel (job ids derive from the notification: queued once).
 */
export async function fire(
  deps: ReminderDeps,
  job: Job<ReminderJob | PersonalJobData>,
): Promise<{ notificationId?: string; skipped?: string }> {
  const key = job.id!;
  const r = await deps.scheduler.load(job);
  // A personal reminder's content goes when it fires, is replaced or cancelled.
  if (!r) return { skipped: (await deps.models.Notification.exists({ key })) ? 'already fired' : 'no longer current' };
  if (!(await deps.scheduler.isCurrent(r, key))) {
    // Moved or cancelled after it was queued; unless it already fired (its notification exists).
    if (!(await deps.models.Notification.exists({ key }))) return { skipped: 'no longer current' };
  }
  // A reception shift may have been swapped since the calendar run: the reminder follows the shift.
  if (r.kind === 'DUTY_SHIFT') {
    const shift = await deps.models.DutyShift.findById(r.entityId, { staffId: 1 }).lean().exec();
    if (!shift) return { skipped: 'shift gone' };
    if (String(shift.staffId) !== r.recipient.id) {
      await deps.scheduler.schedule({ ...r, recipient: { type: 'STAFF', id: String(shift.staffId) }, fireAt: new Date() });
      return { skipped: 'shift swapped: the new holder is reminded' };
    }
  }
  const { title, text } = await compose(deps.models, r);
  const deliveries = Object.fromEntries(deps.channels.map((c) => [c.name, { status: 'PENDING', attempts: 0, lastError: null, at: null }]));
  let _id: unknown;
  try {
    _id = (
      await deps.models.Notification.create({
        key,
        recipientType: r.recipient.type,
        recipientId: r.recipient.id,
        kind: r.kind,
        entityId: r.entityId,
        dueAt: new Date(r.dueAt),
        title,
        text,
        deliveries,
      })
    )._id;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    _id = (await deps.models.Notification.findOne({ key }, { _id: 1 }).lean().exec())!._id;
  }
  for (const c of deps.channels) {
    await deps.deliveries.add(
      c.name,
      { notificationId: String(_id), channel: c.name },
      {
        jobId: `d-${String(_id)}-${c.name}`,
        attempts: deps.delivery.attempts,
        backoff: { type: 'exponential', delay: deps.delivery.backoffMs },
      },
    );
  }
  await deps.scheduler.fired(r, job.id!);
  return { notificationId: String(_id) };
}

/** Delivers a notification on a channel; after the last attempt the channel's delivery is dead-lettered. */
export async function deliver(deps: ReminderDeps, job: Job<{ notificationId: string; channel: string }>): Promise<void> {
  const channel = deps.channels.find((c) => c.name === job.data.channel);
  const n = await deps.models.Notification.findById(job.data.notificationId).lean().exec();
  if (!channel || !n) return;
  const attempts = job.attemptsMade + 1;
  try {
    await channel.send({
      id: String(n._id),
      kind: n.kind,
      recipient: { type: n.recipientType, id: String(n.recipientId) },
      text: `【${n.title}】${n.text}`,
      entityId: n.entityId,
      dueAt: n.dueAt.toISOString(),
    });
    await deps.models.Notification.updateOne(
      { _id: n._id },
      { $set: { [`deliveries.${channel.name}`]: { status: 'DELIVERED', attempts, lastError: null, at: new Date() } } },
    ).exec();
  } catch (err) {
    const final = attempts >= (job.opts.attempts ?? 1);
    const lastError = (err as Error).message.slice(0, 200);
    await deps.models.Notification.updateOne(
      { _id: n._id },
      { $set: { [`deliveries.${channel.name}`]: { status: final ? 'DEAD' : 'RETRYING', attempts, lastError, at: new Date() } } },
    ).exec();
    if (final) deps.logger.warn({ notificationId: String(n._id), channel: channel.name, attempts }, 'delivery dead-lettered');
    throw err;
  }
}
