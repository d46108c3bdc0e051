import type { Recipient, ReminderSpec } from '@jwh/contracts';
import { addDays, FESTIVALS, festivalDate, secondSunday, shanghai, workingDayBefore, type Festival } from './time.js';

/** Every kind of reminder, with the Chinese title a notification starts with. */
export const KINDS = {
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
} as const;
export type Kind = keyof typeof KINDS;

/** Lead times: when each reminder fires relative to what it is about (Asia/Shanghai). */
export const LEAD = { birthdayDays: 2, festivalDays: 7, dayBeforeAt: '17:00', morningAt: '09:00' } as const;

/** A service request: due in one working day (the morning of the working day before), and overdue (the morning after). */
export function requestReminders(requestId: string, dueDate: string, takenBy: string): ReminderSpec[] {
  const recipient: Recipient = { type: 'STAFF', id: takenBy };
  const dueAt = shanghai(dueDate, '00:00').toISOString();
  return [
    {
      kind: 'REQUEST_DUE_SOON',
      entityId: requestId,
      recipient,
      dueAt,
      fireAt: shanghai(workingDayBefore(dueDate), LEAD.morningAt),
      data: { dueDate },
    },
    {
      kind: 'REQUEST_OVERDUE',
      entityId: requestId,
      recipient,
      dueAt,
      fireAt: shanghai(addDays(dueDate, 1), LEAD.morningAt),
      data: { dueDate },
    },
  ];
}

/** A suggestion's reply owed: the morning of the working day before the reply is due. */
export function suggestionReminder(suggestionId: string, replyDueDate: string, secretary: string): ReminderSpec {
  return {
    kind: 'SUGGESTION_REPLY_DUE',
    entityId: suggestionId,
    recipient: { type: 'STAFF', id: secretary },
    dueAt: shanghai(replyDueDate, '00:00').toISOString(),
    fireAt: shanghai(workingDayBefore(replyDueDate), LEAD.morningAt),
    data: { replyDueDate },
  };
}

/** A joint meeting's follow-up: the morning before its date. */
export function followUpReminder(entityId: string, followUpDate: string, secretary: string): ReminderSpec {
  return {
    kind: 'FOLLOW_UP_DUE',
    entityId,
    recipient: { type: 'STAFF', id: secretary },
    dueAt: shanghai(followUpDate, '00:00').toISOString(),
    fireAt: shanghai(addDays(followUpDate, -1), LEAD.morningAt),
    data: { followUpDate },
  };
}

/** An activity: 24 hours before it starts, to each resident signed up (and to one promoted from the waitlist). */
export function activityReminder(activityId: string, startsAt: string, residentId: string): ReminderSpec {
  return {
    kind: 'ACTIVITY',
    entityId: activityId,
    recipient: { type: 'RESIDENT', id: residentId },
    dueAt: new Date(startsAt).toISOString(),
    fireAt: new Date(Date.parse(startsAt) - 24 * 3_600_000),
    data: { startsAt },
  };
}

/** What an elder's birthday brings (DOMAIN.md §6): 90+ a banquet, 70+ a cake, 60+ longevity noodles. */
export function birthdayKind(turningAge: number): Kind | null {
  if (turningAge >= 90) return 'BIRTHDAY_BANQUET';
  if (turningAge >= 70) return 'BIRTHDAY_CAKE';
  if (turningAge >= 60) return 'LONGEVITY_NOODLES';
  return null;
}

/** A birthday reminder to each of the resident's grid workers, two days ahead in the morning. */
export function birthdayReminders(residentId: string, birthday: string, turningAge: number, gridWorkers: string[]): ReminderSpec[] {
  const kind = birthdayKind(turningAge);
  if (!kind) return [];
  return gridWorkers.map((staffId) => ({
    kind,
    entityId: `${residentId}:${birthday.slice(0, 4)}`,
    recipient: { type: 'STAFF', id: staffId },
    dueAt: shanghai(birthday, '00:00').toISOString(),
    fireAt: shanghai(addDays(birthday, -LEAD.birthdayDays), LEAD.morningAt),
    // Ids only: the date and age are read when it fires (a birth date is personal data).
    data: { residentId },
  }));
}

/** Festivals whose gift list is due in [from, to]: the list goes out a week before the festival. */
export function festivalsAhead(from: string, to: string): { festival: Festival; date: string; fireDate: string }[] {
  const out = [];
  for (const year of new Set([Number(from.slice(0, 4)), Number(to.slice(0, 4)), Number(to.slice(0, 4)) + 1])) {
    for (const festival of Object.keys(FESTIVALS) as Festival[]) {
      const date = festivalDate(festival, year);
      const fireDate = addDays(date, -LEAD.festivalDays);
      if (fireDate >= from && fireDate <= to) out.push({ festival, date, fireDate });
    }
  }
  return out.sort((a, b) => a.fireDate.localeCompare(b.fireDate));
}

export function festivalReminder(communityId: string, festival: Festival, date: string, secretary: string): ReminderSpec {
  return {
    kind: 'FESTIVAL_GIFTS',
    entityId: `${communityId}:${festival}:${date.slice(0, 4)}`,
    recipient: { type: 'STAFF', id: secretary },
    dueAt: shanghai(date, '00:00').toISOString(),
    fireAt: shanghai(addDays(date, -LEAD.festivalDays), LEAD.morningAt),
    data: { communityId, festival, date },
  };
}

/** Community-wide calendar reminders whose fire date falls in [from, to]: liaison days, joint meetings, survey and audit windows. */
export function calendarAhead(from: string, to: string): { kind: Kind; date: string; fireAt: Date }[] {
  const out: { kind: Kind; date: string; fireAt: Date }[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const [, m, day] = d.split('-').map(Number) as [number, number, number];
    // The liaison day is the second Sunday: the reminder goes out the afternoon before.
    const tomorrow = addDays(d, 1);
    if (tomorrow === secondSunday(Number(tomorrow.slice(0, 4)), Number(tomorrow.slice(5, 7))))
      out.push({ kind: 'LIAISON_DAY', date: tomorrow, fireAt: shanghai(d, LEAD.dayBeforeAt) });
    // The joint meeting every two months (odd months), announced on the 1st.
    if (day === 1 && m % 2 === 1) out.push({ kind: 'JOINT_MEETING', date: d, fireAt: shanghai(d, LEAD.morningAt) });
    // Quarterly windows: the survey opens on the 1st of a quarter's last month, the audit on the 15th.
    if (m % 3 === 0 && day === 1) out.push({ kind: 'SURVEY_WINDOW', date: d, fireAt: shanghai(d, LEAD.morningAt) });
    if (m % 3 === 0 && day === 15) out.push({ kind: 'AUDIT_WINDOW', date: d, fireAt: shanghai(d, LEAD.morningAt) });
  }
  return out;
}
