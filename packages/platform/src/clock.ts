import chineseDays from 'chinese-days';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

/*
 * The one clock and calendar of the system. Staff speak of civil dates in Asia/Shanghai ("the
 * 8th", "this week", "three working days"): a civil date is a `YYYY-MM-DD` string (the GraphQL
 * `LocalDate`), an instant a `Date` (the GraphQL `DateTime`). Every conversion between the two,
 * every working-day count on the statutory calendar and every lunar date goes through here; no
 * service adds an offset by hand.
 */

dayjs.extend(utc);
dayjs.extend(timezone);

// A CommonJS package: its functions hang off the default export under Node's ESM loader.
// Only its tables are used: its own date arithmetic (findWorkday) goes wrong west of UTC.
const { isWorkday, getSolarDateFromLunar, getDayDetail, getHolidaysInRange, getSolarTermDate } = chineseDays;

/** The time zone every civil date of the system is in. */
export const TIME_ZONE = 'Asia/Shanghai';

/** A civil date, `YYYY-MM-DD`. */
export type LocalDate = string;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (2026-02-30 is not). */
export function isLocalDate(value: string): boolean {
  return ISO_DATE.test(value) && dayjs.utc(value).format('YYYY-MM-DD') === value;
}

/** The civil date of an instant in Asia/Shanghai (today when no instant is given). */
export function localDate(instant: Date = new Date()): LocalDate {
  return dateFormat.format(instant);
}

/** The civil month (`YYYY-MM`) of an instant in Asia/Shanghai. */
export function localMonth(instant: Date = new Date()): string {
  return localDate(instant).slice(0, 7);
}

/** The instant of a wall-clock time (`HH:mm`) on a civil date in Asia/Shanghai. */
export function atLocal(date: LocalDate, time = '00:00'): Date {
  return dayjs.tz(`${date} ${time}`, 'YYYY-MM-DD HH:mm', TIME_ZONE).toDate();
}

/** The instants a civil date in Asia/Shanghai starts and ends (end exclusive). */
export function localDayRange(date: LocalDate): { start: Date; end: Date } {
  return { start: atLocal(date), end: atLocal(addDays(date, 1)) };
}

/** An instant as people read it on paper, in local time: `2026-11-26 04:54:28` (workbooks, exports). */
export function localDateTime(instant: Date): string {
  return dayjs(instant).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm:ss');
}

/** An instant written in Chinese for a notification's text (e.g. 2026/11/26 09:00:00). */
export function formatLocal(instant: Date): string {
  return instant.toLocaleString('zh-CN', { timeZone: TIME_ZONE });
}

/** The civil date `n` days after `date` (before, when negative). */
export function addDays(date: LocalDate, n: number): LocalDate {
  return dayjs.utc(date).add(n, 'day').format('YYYY-MM-DD');
}

/** The civil dates from `from` for `days` days. */
export function dateRange(from: LocalDate, days: number): LocalDate[] {
  return Array.from({ length: days }, (_, i) => addDays(from, i));
}

/** ISO weekday of a civil date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  return ((dayjs.utc(date).day() + 6) % 7) + 1;
}

/** Monday of the ISO week containing `date`. */
export function mondayOf(date: LocalDate): LocalDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** The second Sunday of a month (the monthly resident liaison day). */
export function secondSunday(year: number, month: number): LocalDate {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  return addDays(first, ((7 - isoWeekday(first)) % 7) + 7);
}

/*
 * Working days on the Chinese statutory calendar (holidays and make-up working days), from the
 * maintained `chinese-days` tables: update the package each year when the State Council publishes
 * the next year's arrangement.
 */

/** Years whose arrangement the tables hold (checked once a year). */
const published = new Map<number, boolean>();
const isPublished = (year: number): boolean => {
  let known = published.get(year);
  if (known === undefined) published.set(year, (known = getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0));
  return known;
};

/**
 * Whether a civil date is a working day on the statutory calendar. A year not published yet (the
 * State Council publishes in November or December) has Monday to Friday less the days the
 * national rules fix ({@link statutoryHoliday}): a deadline running into January is not counted
 * through 元旦 before the tables know it.
 */
export function isWorkingDay(date: LocalDate): boolean {
  const year = Number(date.slice(0, 4));
  if (isPublished(year)) return isWorkday(date);
  return isoWeekday(date) <= 5 && statutoryHoliday(date) === null;
}

/**
 * The statutory holiday (法定节假日) a civil date falls in, by its Chinese name (元旦, 春节, 国庆节…),
 * or null. Years the tables cover give the State Council's arrangement (holidays with the rest days
 * bridged to them); a year not published yet gives the days the national rules fix (全国年节及纪念日
 * 放假办法: 元旦 1 January, 春节 除夕 to 初三, 清明, 劳动节 1–2 May, 端午, 中秋, 国庆节 1–3 October).
 */
export function statutoryHoliday(date: LocalDate): string | null {
  const year = Number(date.slice(0, 4));
  if (isPublished(year)) {
    const day = getDayDetail(date);
    return !day.work && day.name.includes(',') ? day.name.split(',')[1]! : null;
  }
  const lunar = (md: string) => getSolarDateFromLunar(`${year}-${md}`).date;
  const springFestival = lunar('01-01');
  const fixed: [string, LocalDate[]][] = [
    ['元旦', [`${year}-01-01`]],
    ['春节', [-1, 0, 1, 2].map((n) => addDays(springFestival, n))],
    ['清明', [getSolarTermDate(year, 4, 'pure_brightness')]],
    ['劳动节', [`${year}-05-01`, `${year}-05-02`]],
    ['端午', [lunar('05-05')]],
    ['中秋', [lunar('08-15')]],
    ['国庆节', [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`]],
  ];
  return fixed.find(([, days]) => days.includes(date))?.[0] ?? null;
}

/** The date `n` working days after `date` (a date received on a rest day starts the next working day). */
export function addWorkingDays(date: LocalDate, n: number): LocalDate {
  let d = date;
  if (n === 0) {
    while (!isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }
  for (let left = Math.abs(n); left > 0;) {
    d = addDays(d, Math.sign(n));
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** The working day before `date`. */
export function workingDayBefore(date: LocalDate): LocalDate {
  return addWorkingDays(date, -1);
}

/** Working days after `from` up to and including `to` (0 when the same day). */
export function workingDaysBetween(from: LocalDate, to: LocalDate): number {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) count++;
  return count;
}

/** The three festivals of the 80+ gift lists, by lunar month and day. */
export const FESTIVALS = {
  DRAGON_BOAT: { name: '端午节', lunar: '05-05' },
  MID_AUTUMN: { name: '中秋节', lunar: '08-15' },
  DOUBLE_NINTH: { name: '重阳节', lunar: '09-09' },
} as const;
export type Festival = keyof typeof FESTIVALS;

/** The civil date of a festival in a (lunar) year (the tables' own conversion: right where processes run at UTC or east of it). */
export function festivalDate(festival: Festival, year: number): LocalDate {
  return getSolarDateFromLunar(`${year}-${FESTIVALS[festival].lunar}`).date;
}
