import { FESTIVALS, addDays, atLocal, festivalDate, secondSunday, type Festival, type LocalDate } from '@jwh/platform';
import type { ReminderKind, ReminderSpec } from '@jwh/contracts';

/*
 * People-grids' own reminders: elders' birthdays, festival gift lists, the rota (reception shifts,
 * public posts), the liaison day and joint-meeting day of the community calendar, and the weekly
 * off-desk check. Other domains' reminders are decided in their own services.
 */

/** Lead times: when each reminder fires relative to what it is about (Asia/Shanghai). */
export const LEAD = { birthdayDays: 2, festivalDays: 7, dayBeforeAt: '17:00', morningAt: '09:00' } as const;

type BirthdayKind = Extract<ReminderKind, 'BIRTHDAY_BANQUET' | 'BIRTHDAY_CAKE' | 'LONGEVITY_NOODLES'>;

/** What an elder's birthday brings (DOMAIN.md §6): 90+ a banquet, 70+ a cake, 60+ longevity noodles. */
export function birthdayKind(turningAge: number): BirthdayKind | null {
  if (turningAge >= 90) return 'BIRTHDAY_BANQUET';
  if (turningAge >= 70) return 'BIRTHDAY_CAKE';
  if (turningAge >= 60) return 'LONGEVITY_NOODLES';
  return null;
}

/** A birthday reminder to each of the resident's grid workers, two days ahead in the morning. */
export function birthdayReminders(residentId: string, birthday: LocalDate, turningAge: number, gridWorkers: string[]): ReminderSpec[] {
  const kind = birthdayKind(turningAge);
  if (!kind) return [];
  return gridWorkers.map((staffId) => ({
    kind,
    entityId: `${residentId}:${birthday.slice(0, 4)}`,
    recipient: { type: 'STAFF', id: staffId },
    dueAt: atLocal(birthday).toISOString(),
    fireAt: atLocal(addDays(birthday, -LEAD.birthdayDays), LEAD.morningAt),
    // Ids only: the date and age are read when it fires (a birth date is personal data).
    data: { residentId },
  }));
}

/** Festivals whose gift list is due in [from, to]: the list goes out a week before the festival. */
export function festivalsAhead(from: LocalDate, to: LocalDate): { festival: Festival; date: LocalDate; fireDate: LocalDate }[] {
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

export function festivalReminder(communityId: string, festival: Festival, date: LocalDate, secretary: string): ReminderSpec {
  return {
    kind: 'FESTIVAL_GIFTS',
    entityId: `${communityId}:${festival}:${date.slice(0, 4)}`,
    recipient: { type: 'STAFF', id: secretary },
    dueAt: atLocal(date).toISOString(),
    fireAt: atLocal(addDays(date, -LEAD.festivalDays), LEAD.morningAt),
    data: { communityId, festival, date },
  };
}

/** The community calendar's days whose reminder fires in [from, to]: liaison days (to every member of staff) and joint-meeting months (to the secretary). */
export function calendarAhead(from: LocalDate, to: LocalDate): { kind: 'LIAISON_DAY' | 'JOINT_MEETING'; date: LocalDate; fireAt: Date }[] {
  const out: { kind: 'LIAISON_DAY' | 'JOINT_MEETING'; date: LocalDate; fireAt: Date }[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const [, m, day] = d.split('-').map(Number) as [number, number, number];
    // The liaison day is the second Sunday: the reminder goes out the afternoon before.
    const tomorrow = addDays(d, 1);
    if (tomorrow === secondSunday(Number(tomorrow.slice(0, 4)), Number(tomorrow.slice(5, 7))))
      out.push({ kind: 'LIAISON_DAY', date: tomorrow, fireAt: atLocal(d, LEAD.dayBeforeAt) });
    // The joint meeting every two months (odd months), announced on the 1st.
    if (day === 1 && m % 2 === 1) out.push({ kind: 'JOINT_MEETING', date: d, fireAt: atLocal(d, LEAD.morningAt) });
  }
  return out;
}
