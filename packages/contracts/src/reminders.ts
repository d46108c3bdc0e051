import { createHash } from 'node:crypto';
import { z } from 'zod';

/*
 * The reminder job contract: what every domain that schedules reminders (service matters, volunteers,
 * evaluations, people-grids) puts on the one reminders queue, and what the delivery worker
 * (people-grids, which owns recipients' contact data) takes off it. Ids and dates only: a job is
 * stored in clear text in Redis.
 */

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const instant = z.iso.datetime({ offset: true });
const hhmm = z.string().regex(/^\d{2}:\d{2}$/, 'HH:mm');

/** Who schedules reminders: each domain schedules its own. */
export const REMINDER_PRODUCERS = ['people-grids', 'service-matters', 'volunteers', 'evaluations'] as const;
export type ReminderProducer = (typeof REMINDER_PRODUCERS)[number];

/**
 * Who a reminder is for: a staff member or a resident (ids of people-grids), or the secretary of a
 * community (`id`: the community's, or `*` for every community's), found when the reminder fires,
 * so a producer outside people-grids never needs to know who holds the post.
 */
export const recipientSchema = z.object({
  type: z.enum(['STAFF', 'RESIDENT', 'SECRETARY']),
  id: z.string().min(1).max(64),
});
export type Recipient = z.infer<typeof recipientSchema>;

/** The `id` of a SECRETARY recipient meaning every community's secretary. */
export const EVERY_COMMUNITY = '*';

const kind = <K extends string, D extends z.ZodRawShape>(k: K, data: D) =>
  z.object({
    kind: z.literal(k),
    entityId: z.string().min(1).max(200),
    recipient: recipientSchema,
    /** The due time the reminder is about (a deadline, a birthday, a shift), ISO 8601. */
    dueAt: instant,
    /** The domain that scheduled it (absent on jobs queued before producers were named). */
    producer: z.enum(REMINDER_PRODUCERS).optional(),
    data: z.object(data),
  });

const calendarDay = { communityId: z.string().optional(), date: localDate };

/** One schema per kind of reminder, each with the data (ids and dates) its notification is written from. */
export const reminderJobSchema = z.discriminatedUnion('kind', [
  // service matters
  kind('REQUEST_DUE_SOON', { dueDate: localDate }),
  kind('REQUEST_OVERDUE', { dueDate: localDate }),
  kind('SUGGESTION_REPLY_DUE', { replyDueDate: localDate }),
  kind('FOLLOW_UP_DUE', { followUpDate: localDate }),
  kind('JOINT_MEETING', calendarDay),
  // volunteers
  kind('ACTIVITY', { startsAt: instant }),
  kind('WAITLIST_PROMOTED', { startsAt: instant }),
  // evaluations
  kind('SURVEY_WINDOW', calendarDay),
  kind('AUDIT_WINDOW', calendarDay),
  // people-grids
  kind('BIRTHDAY_CAKE', { residentId: z.string() }),
  kind('BIRTHDAY_BANQUET', { residentId: z.string() }),
  kind('LONGEVITY_NOODLES', { residentId: z.string() }),
  kind('FESTIVAL_GIFTS', { communityId: z.string(), festival: z.enum(['DRAGON_BOAT', 'MID_AUTUMN', 'DOUBLE_NINTH']), date: localDate }),
  kind('DUTY_SHIFT', { date: localDate, part: z.enum(['AM', 'PM']), desk: z.number().int() }),
  kind('PUBLIC_POST', { postId: z.string().optional(), date: localDate, start: hhmm, end: hhmm }),
  kind('LIAISON_DAY', calendarDay),
  kind('OFF_DESK_BELOW_TARGET', { staffId: z.string(), weekStart: localDate, offDesk: z.number().int(), target: z.number().int() }),
]);

/** A reminder job as it crosses the queue. */
export type ReminderJob = z.infer<typeof reminderJobSchema>;
/** Every kind of reminder. */
export type ReminderKind = ReminderJob['kind'];

/** A reminder to schedule: its job and when it fires. */
export type ReminderSpec = Omit<ReminderJob, 'producer'> & { fireAt: Date };

/** Kinds whose entity is a resident (the entity id is the resident's, the kind tells an age tier). */
export const RESIDENT_KINDS: ReadonlySet<string> = new Set<ReminderKind>(['BIRTHDAY_CAKE', 'BIRTHDAY_BANQUET', 'LONGEVITY_NOODLES']);

/**
 * A personal reminder: about a resident (a birthday) or to one (an activity they signed up for).
 * Its job carries an opaque reference only; what it is about stays out of the queue.
 */
export function isPersonalReminder(r: { kind: string; recipient: { type: string } }): boolean {
  return RESIDENT_KINDS.has(r.kind) || r.recipient.type === 'RESIDENT';
}

/** The name of every personal reminder's job (its kind would tell a birthday and an age tier). */
export const PERSONAL_JOB_NAME = 'personal';

/** What a personal reminder's job carries: the recipient's type and its producer, nothing else. */
export const personalJobSchema = z.object({
  recipientType: recipientSchema.shape.type,
  producer: z.enum(REMINDER_PRODUCERS).optional(),
});
export type PersonalJobData = z.infer<typeof personalJobSchema>;

const slotOf = (kind: string, entityId: string, recipient: Recipient) => `${kind}|${entityId}|${recipient.type}|${recipient.id}`;

/**
 * The job id of a reminder: derived from (kind, entity, recipient, due time), so a retry or a second
 * producer adds the same job (BullMQ ignores a duplicate id) and the notification it makes has one
 * id. Hashed: BullMQ ids may not contain `:` and should stay short.
 */
export function reminderJobId(kind: string, entityId: string, recipient: Recipient, dueAt: string): string {
  return `r-${createHash('sha256')
    .update(`${slotOf(kind, entityId, recipient)}|${dueAt}`)
    .digest('hex')
    .slice(0, 32)}`;
}
