import { EVERY_COMMUNITY, type ReminderSpec } from '@jwh/contracts';
import { addDays, atLocal, type LocalDate, type ReminderScheduler } from '@jwh/platform';

/*
 * Evaluations' reminders, decided here and scheduled through the shared scheduler into the one
 * reminders queue (people-grids' delivery worker turns them into notifications): the quarterly
 * windows of the new-three-rates survey and of the audit of visit records, to every community's
 * secretary (found when it fires).
 */

/** How far ahead the daily run schedules (a missed day is caught up: ids are deterministic). */
const WINDOWS_LOOKAHEAD_DAYS = 3;

/** The quarterly windows opening in [from, to]: the survey on the 1st of a quarter's last month, the audit on the 15th (each announced that morning). */
export function windowsAhead(from: LocalDate, to: LocalDate): { kind: 'SURVEY_WINDOW' | 'AUDIT_WINDOW'; date: LocalDate; fireAt: Date }[] {
  const out: { kind: 'SURVEY_WINDOW' | 'AUDIT_WINDOW'; date: LocalDate; fireAt: Date }[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const [, m, day] = d.split('-').map(Number) as [number, number, number];
    if (m % 3 === 0 && day === 1) out.push({ kind: 'SURVEY_WINDOW', date: d, fireAt: atLocal(d, '09:00') });
    if (m % 3 === 0 && day === 15) out.push({ kind: 'AUDIT_WINDOW', date: d, fireAt: atLocal(d, '09:00') });
  }
  return out;
}

/** The reminder of a window: to every community's secretary. */
export function windowReminder(w: { kind: 'SURVEY_WINDOW' | 'AUDIT_WINDOW'; date: LocalDate; fireAt: Date }): ReminderSpec {
  return {
    kind: w.kind,
    entityId: w.date,
    recipient: { type: 'SECRETARY', id: EVERY_COMMUNITY },
    dueAt: atLocal(w.date).toISOString(),
    fireAt: w.fireAt,
    data: { date: w.date },
  };
}

/** The daily run (06:00 Asia/Shanghai, and at start): the windows opening in the next days. Returns how many were scheduled. */
export async function scheduleWindows(scheduler: ReminderScheduler, today: LocalDate): Promise<number> {
  return scheduler.scheduleFresh(windowsAhead(today, addDays(today, WINDOWS_LOOKAHEAD_DAYS)).map(windowReminder));
}
