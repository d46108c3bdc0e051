import chineseDays from 'chinese-days';
import dayjs from 'dayjs';

// A CommonJS package: its functions hang off the default export under Node's ESM loader.
const { findWorkday, isWorkday } = chineseDays;

/**
 * Working days on the Chinese statutory calendar (holidays and make-up working days, from the
 * maintained `chinese-days` data; update the package each year when the State Council publishes
 * the next year's arrangement). Dates are YYYY-MM-DD in Asia/Shanghai.
 */
export function isWorkingDay(date: string): boolean {
  return isWorkday(date);
}

/** The date `n` working days after `date` (a request received on a rest day starts the next working day). */
export function addWorkingDays(date: string, n: number): string {
  return findWorkday(n, date);
}

/** Working days after `from` up to and including `to` (0 when the same day). */
export function workingDaysBetween(from: string, to: string): number {
  let count = 0;
  for (let d = dayjs(from).add(1, 'day'); d.format('YYYY-MM-DD') <= to; d = d.add(1, 'day')) if (isWorkday(d.format('YYYY-MM-DD'))) count++;
  return count;
}
