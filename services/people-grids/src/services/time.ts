import dayjs from 'dayjs';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The instants a calendar day in Asia/Shanghai (UTC+8, no DST) starts and ends. */
export function shanghaiDayRange(date: string): { start: Date; end: Date } {
  const start = new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
  return { start, end: new Date(start.getTime() + 86_400_000) };
}

/** Monday (YYYY-MM-DD) of the ISO week containing `date`. */
export function mondayOf(date: string): string {
  const d = dayjs(date);
  return d.subtract((d.day() + 6) % 7, 'day').format('YYYY-MM-DD');
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (date: string): number => ((dayjs(date).day() + 6) % 7) + 1;

/** The dates from `from` for `days` days. */
export function dateRange(from: string, days: number): string[] {
  return Array.from({ length: days }, (_, i) => dayjs(from).add(i, 'day').format('YYYY-MM-DD'));
}
