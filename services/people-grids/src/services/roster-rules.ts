import { BadUserInputError, isLocalDate } from '@jwh/platform';
import { requireTime } from './validate.js';

/**
 * The rules of fixed posts and the reception rota, pure: the mutations and the demo generator both
 * check their rows here, so the demo cannot hold what a mutation would refuse.
 */

/** The working day a fixed post must lie in: morning-exercise posts from 06:00, evening posts (错时工作制) until 21:00. */
export const POST_DAY = { start: '06:00', end: '21:00' } as const;
/** The reception desks of a community office (接待工位). */
export const RECEPTION_DESKS = [1, 2] as const;
/** The longest period one rota call sets (days). */
export const MAX_ROTA_DAYS = 31;
/** Monday to Friday, a post's weekdays when none are given. */
export const WORKING_WEEKDAYS = [1, 2, 3, 4, 5] as const;

/** A post's hours: HH:mm each, start before end, both within {@link POST_DAY}. */
export function checkPostHours(start: string, end: string, field: string): { start: string; end: string } {
  requireTime(start, `${field}.start`);
  requireTime(end, `${field}.end`);
  if (start < POST_DAY.start || start >= POST_DAY.end)
    throw new BadUserInputError(
      `${field}.start`,
      `须在 ${POST_DAY.start}–${POST_DAY.end} 之间 (within the working day, ${POST_DAY.start} to ${POST_DAY.end})`,
    );
  if (end <= start) throw new BadUserInputError(`${field}.end`, '结束须晚于开始 (end must be after start)');
  if (end > POST_DAY.end)
    throw new BadUserInputError(`${field}.end`, `须不晚于 ${POST_DAY.end} (by ${POST_DAY.end}, the end of the working day)`);
  return { start, end };
}

/** ISO weekdays 1–7, at least one, each once; returned sorted. */
export function checkWeekdays(days: readonly number[], field: string): number[] {
  if (!days.length) throw new BadUserInputError(field, '至少一天 (at least one weekday)');
  for (const [i, d] of days.entries())
    if (!Number.isInteger(d) || d < 1 || d > 7) throw new BadUserInputError(`${field}[${i}]`, '须为 1–7 (ISO weekday, 1 = Monday)');
  if (new Set(days).size !== days.length) throw new BadUserInputError(field, '每天只列一次 (each weekday once)');
  return [...days].sort((a, b) => a - b);
}

/** True when two posts' hours overlap on a shared weekday. */
export function postsOverlap(
  a: { weekdays: readonly number[]; start: string; end: string },
  b: { weekdays: readonly number[]; start: string; end: string },
): boolean {
  return a.weekdays.some((d) => b.weekdays.includes(d)) && a.start < b.end && b.start < a.end;
}

export interface RotaEntry {
  date: string;
  part: string;
  desk: number;
  staffId: string;
}

/**
 * A rota's entries for the period `from`–`to`: dates in the period, desks 1 or 2, one worker per
 * desk and half-day, nobody at two desks in the same half-day. Each problem names its entry.
 */
export function checkRotaEntries(entries: readonly RotaEntry[], from: string, to: string, field: string): void {
  const desks = new Map<string, number>();
  const people = new Map<string, number>();
  for (const [i, e] of entries.entries()) {
    const at = `${field}[${i}]`;
    if (!isLocalDate(e.date)) throw new BadUserInputError(`${at}.date`, '日期格式应为 YYYY-MM-DD (expected a date YYYY-MM-DD)');
    if (e.date < from || e.date > to) throw new BadUserInputError(`${at}.date`, `须在 ${from} 至 ${to} 之间 (within the rota's period)`);
    if (e.part !== 'AM' && e.part !== 'PM') throw new BadUserInputError(`${at}.part`, '须为 AM 或 PM (AM or PM)');
    if (!(RECEPTION_DESKS as readonly number[]).includes(e.desk))
      throw new BadUserInputError(`${at}.desk`, `须为 ${RECEPTION_DESKS.join(' 或 ')} 号工位 (desk ${RECEPTION_DESKS.join(' or ')})`);
    const desk = `${e.date}|${e.part}|${e.desk}`;
    if (desks.has(desk))
      throw new BadUserInputError(
        `${at}.desk`,
        `与 ${field}[${desks.get(desk)}] 同一工位同一半天 (the same desk and half-day as ${field}[${desks.get(desk)}])`,
      );
    desks.set(desk, i);
    const person = `${e.date}|${e.part}|${e.staffId}`;
    if (people.has(person))
      throw new BadUserInputError(
        `${at}.staffId`,
        `同一半天已在 ${field}[${people.get(person)}] 的工位值班 (already at the desk of ${field}[${people.get(person)}] that half-day)`,
      );
    people.set(person, i);
  }
}
