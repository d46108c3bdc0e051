import chineseDays from 'chinese-days';
import dayjs from 'dayjs';

// A CommonJS package: its functions hang off the default export under Node's ESM loader.
const { findWorkday, getSolarDateFromLunar } = chineseDays;

/** The instant of a wall-clock time on a date in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghai(date: string, time = '09:00'): Date {
  return new Date(`${date}T${time}:00+08:00`);
}

export const addDays = (date: string, n: number) => dayjs(date).add(n, 'day').format('YYYY-MM-DD');

/** The working day before `date` on the statutory calendar (holidays and make-up days). */
export const workingDayBefore = (date: string) => findWorkday(-1, date);

/** The three festivals of the 80+ gift lists, by lunar month and day. */
export const FESTIVALS = {
  DRAGON_BOAT: { name: '端午节', lunar: '05-05' },
  MID_AUTUMN: { name: '中秋节', lunar: '08-15' },
  DOUBLE_NINTH: { name: '重阳节', lunar: '09-09' },
} as const;
export type Festival = keyof typeof FESTIVALS;

/** The solar date (YYYY-MM-DD) of a festival in a (lunar) year, from the maintained `chinese-days` tables. */
export function festivalDate(festival: Festival, year: number): string {
  return getSolarDateFromLunar(`${year}-${FESTIVALS[festival].lunar}`).date;
}

/** The second Sunday of a month (the monthly resident liaison day). */
export function secondSunday(year: number, month: number): string {
  const first = dayjs(`${year}-${String(month).padStart(2, '0')}-01`);
  return first.add(((7 - first.day()) % 7) + 7, 'day').format('YYYY-MM-DD');
}
