import { EVERY_COMMUNITY, type PersonalJobData, type Recipient, type ReminderJob, type ReminderKind } from '@jwh/contracts';
import {
  FESTIVALS,
  formatLocal,
  isDuplicateKeyError,
  isoWeekday,
  localDate,
  maskName,
  type Channel,
  type Logger,
  type ReminderScheduler,
} from '@jwh/platform';
import type { Job, Queue } from 'bullmq';
import type { Models } from '../models/index.js';

/*
 * The one delivery worker of the reminders queue: every domain schedules its reminders (ids and
 * dates, checked against the contract of @jwh/contracts); here, where recipients and their contact
 * data live, a due reminder becomes a notification with its Chinese text, then one delivery per
 * channel.
 */

export interface DeliveryDeps {
  models: Models;
  scheduler: ReminderScheduler;
  deliveries: Queue;
  channels: Channel[];
  logger: Logger;
  /** Delivery attempts before a notification's channel is dead-lettered, and the first backoff. */
  delivery: { attempts: number; backoffMs: number };
}

/** The Chinese title a notification of each kind starts with (a new kind without a title does not build). */
const TITLES: Record<ReminderKind, string> = {
  REQUEST_DUE_SOON: '事项明日到期',
  REQUEST_OVERDUE: '事项已超期',
  SUGGESTION_REPLY_DUE: '居民建议待答复',
  FOLLOW_UP_DUE: '联席会议事项待跟进',
  BIRTHDAY_CAKE: '70岁以上老人生日蛋糕',
  BIRTHDAY_BANQUET: '90岁以上老人生日宴',
  LONGEVITY_NOODLES: '老人生日长寿面',
  FESTIVAL_GIFTS: '80岁以上老人节日慰问名单',
  DUTY_SHIFT: '明日接待值班',
  PUBLIC_POST: '明日固定场所值守',
  ACTIVITY: '活动明日开始',
  WAITLIST_PROMOTED: '活动候补转正',
  LIAISON_DAY: '明日居民联系日',
  JOINT_MEETING: '本月召开党组织联席会',
  SURVEY_WINDOW: '季度新三率调查开始',
  AUDIT_WINDOW: '季度抽查开始',
  OFF_DESK_BELOW_TARGET: '离案工作未达标',
};

/** The Chinese text of a notification, from its job's ids and dates (names read here, residents' masked). */
export async function compose(m: Models, job: ReminderJob): Promise<{ title: string; text: string }> {
  const title = TITLES[job.kind];
  const staffName = async (id: unknown) =>
    id ? ((await m.StaffMember.findById(id, { name: 1 }).lean().exec())?.name ?? '工作人员') : '工作人员';
  switch (job.kind) {
    case 'REQUEST_DUE_SOON':
      return { title, text: `您代办的事项(编号 ${job.entityId.slice(-6)})将于 ${job.data.dueDate} 到期,请及时办结并回复居民。` };
    case 'REQUEST_OVERDUE':
      return { title, text: `您代办的事项(编号 ${job.entityId.slice(-6)})已于 ${job.data.dueDate} 到期仍未办结,请尽快处理。` };
    case 'SUGGESTION_REPLY_DUE':
      return { title, text: `一条居民建议须在 ${job.data.replyDueDate} 前给予最终答复。` };
    case 'FOLLOW_UP_DUE':
      return { title, text: `联席会议议定事项的跟进日期为 ${job.data.followUpDate},请落实并记录。` };
    case 'BIRTHDAY_BANQUET':
    case 'BIRTHDAY_CAKE':
    case 'LONGEVITY_NOODLES': {
      // The job carries the resident id only; the date and age are read here (not in Redis).
      const what = job.kind === 'BIRTHDAY_BANQUET' ? '生日宴' : job.kind === 'BIRTHDAY_CAKE' ? '生日蛋糕和长寿面' : '长寿面';
      const r = await m.Resident.findById(job.data.residentId, { name: 1, birthDate: 1 }).lean().exec();
      const birthday = localDate(new Date(job.dueAt));
      const age = r ? Number(birthday.slice(0, 4)) - Number(r.birthDate.slice(0, 4)) : null;
      return { title, text: `${r ? maskName(r.name) : '居民'} 将于 ${birthday} 迎来 ${age ?? ''} 岁生日,请准备${what}并上门祝寿。` };
    }
    case 'FESTIVAL_GIFTS':
      return { title, text: `${FESTIVALS[job.data.festival].name}(${job.data.date})将至,请核定本社区80岁以上老人慰问名单并准备礼品。` };
    case 'DUTY_SHIFT':
      return { title, text: `您明天(${job.data.date}${job.data.part === 'AM' ? '上午' : '下午'})在${job.data.desk}号接待工位值班。` };
    case 'PUBLIC_POST':
      return { title, text: `您明天(${job.data.date})${job.data.start}–${job.data.end} 在固定场所值守,居民会按公示时间来找您。` };
    case 'ACTIVITY':
      return { title, text: `您报名的活动将于 ${formatLocal(new Date(job.data.startsAt))} 开始,请准时参加。` };
    case 'WAITLIST_PROMOTED':
      return { title, text: `您候补的活动已有空位,您已转为正式报名。活动时间:${formatLocal(new Date(job.data.startsAt))}。` };
    case 'LIAISON_DAY':
      return { title, text: `明天(${job.data.date})是本月居民联系日,请按安排接待居民。` };
    case 'JOINT_MEETING':
      return { title, text: `本月请召开党组织联席会,梳理待协调事项并通知各成员单位。` };
    case 'SURVEY_WINDOW':
      return { title, text: `本季度新三率调查自 ${job.data.date} 起开展,请配合街道抽样入户。` };
    case 'AUDIT_WINDOW':
      return { title, text: `本季度走访记录抽查自 ${job.data.date} 起开展,请备好民情日记。` };
    case 'OFF_DESK_BELOW_TARGET':
      return {
        title,
        text: `${await staffName(job.data.staffId)} 上周(${job.data.weekStart} 起)离案工作 ${job.data.offDesk} 个半天,低于目标 ${job.data.target} 个。`,
      };
  }
}

/**
 * Who a reminder goes to: a staff member or resident as given; a community's secretary (or every
 * community's) as they are when it fires. Each with the key of its notification: the job id, or for
 * a secretary the job id and the secretary's id (one notification each).
 */
async function recipientsOf(m: Models, r: Recipient, key: string): Promise<{ type: 'STAFF' | 'RESIDENT'; id: string; key: string }[]> {
  if (r.type !== 'SECRETARY') return [{ type: r.type, id: r.id, key }];
  const filter = r.id === EVERY_COMMUNITY ? { role: 'SECRETARY' } : { communityId: r.id, role: 'SECRETARY' };
  const secretaries = await m.StaffMember.find(filter, { _id: 1 }).lean().exec();
  return secretaries.map((s) => ({ type: 'STAFF' as const, id: String(s._id), key: `${key}:${String(s._id)}` }));
}

/**
 * Fires a reminder: skipped if it is no longer current (moved or cancelled); otherwise one
 * notification per recipient (its id derives from the job id, so a re-run after a crash makes no
 * second one), then one delivery job per channel (job ids derive from the notification: queued once).
 */
export async function fire(
  deps: DeliveryDeps,
  job: Job<ReminderJob | PersonalJobData>,
): Promise<{ notificationId?: string; notifications?: number; skipped?: string }> {
  const key = job.id!;
  const fired = () => deps.models.Notification.exists({ key });
  let r = await deps.scheduler.load(job);
  // A personal reminder's content goes when it fires, is replaced or cancelled.
  if (!r) return { skipped: (await fired()) ? 'already fired' : 'no longer current' };
  if (!(await deps.scheduler.isCurrent(r, key))) {
    // Moved or cancelled after it was queued; unless it already fired (its notification exists).
    const before =
      r.recipient.type === 'SECRETARY'
        ? await deps.models.Notification.exists({ entityId: r.entityId, kind: r.kind, dueAt: new Date(r.dueAt) })
        : await fired();
    if (!before) return { skipped: 'no longer current' };
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
  // A fixed post may have been edited or removed since: the reminder follows the post as it is now.
  if (r.kind === 'PUBLIC_POST' && r.data.postId) {
    const post = await deps.models.PublicPost.findById(r.data.postId, { staffId: 1, weekdays: 1, start: 1, end: 1 }).lean().exec();
    if (!post || !post.weekdays.includes(isoWeekday(r.data.date))) return { skipped: 'post gone' };
    if (String(post.staffId) !== r.recipient.id) {
      await deps.scheduler.schedule({ ...r, recipient: { type: 'STAFF', id: String(post.staffId) }, fireAt: new Date() });
      return { skipped: 'post handed over: the new holder is reminded' };
    }
    r = { ...r, data: { ...r.data, start: post.start, end: post.end } };
  }
  const recipients = await recipientsOf(deps.models, r.recipient, key);
  const { title, text } = await compose(deps.models, r);
  const ids: string[] = [];
  for (const to of recipients) {
    const deliveries = Object.fromEntries(
      deps.channels.map((c) => [c.name, { status: 'PENDING', attempts: 0, lastError: null, at: null }]),
    );
    let _id: unknown;
    try {
      _id = (
        await deps.models.Notification.create({
          key: to.key,
          recipientType: to.type,
          recipientId: to.id,
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
      _id = (await deps.models.Notification.findOne({ key: to.key }, { _id: 1 }).lean().exec())!._id;
    }
    ids.push(String(_id));
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
  }
  await deps.scheduler.fired(r, key);
  if (!ids.length) return { skipped: 'nobody holds the post' };
  return ids.length === 1 ? { notificationId: ids[0] } : { notifications: ids.length };
}

/** Delivers a notification on a channel; after the last attempt the channel's delivery is dead-lettered. */
export async function deliver(deps: DeliveryDeps, job: Job<{ notificationId: string; channel: string }>): Promise<void> {
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
