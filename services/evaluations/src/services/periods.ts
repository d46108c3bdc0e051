import { BadUserInputError } from '@jwh/platform';

export const QUARTER = /^(\d{4})-Q([1-4])$/;
export const YEAR = /^(\d{4})$/;
/** Years a period may name: the evaluations' own era, so every date it spans is a plain YYYY-MM-DD. */
export const YEARS = { min: 2000, max: 2099 } as const;

const PERIOD_FORMAT = `格式应为 2026-Q4 或 2026,年份 ${YEARS.min}–${YEARS.max} (expected YYYY-Qn or YYYY, years ${YEARS.min}–${YEARS.max})`;
const QUARTER_FORMAT = `格式应为 2026-Q4,年份 ${YEARS.min}–${YEARS.max} (expected YYYY-Qn, years ${YEARS.min}–${YEARS.max})`;
const inRange = (year: number) => year >= YEARS.min && year <= YEARS.max;

/** The first and last day (YYYY-MM-DD) of a quarter (2026-Q4) or a year (2026). */
export function periodDates(period: string, field = 'period'): { from: string; to: string; quarters: string[] } {
  const q = QUARTER.exec(period);
  if (q && inRange(Number(q[1]))) {
    const [year, n] = [Number(q[1]), Number(q[2])];
    const from = `${year}-${String(n * 3 - 2).padStart(2, '0')}-01`;
    const lastMonth = n * 3;
    const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
    return { from, to: `${year}-${String(lastMonth).padStart(2, '0')}-${lastDay}`, quarters: [period] };
  }
  const y = YEAR.exec(period);
  if (y && inRange(Number(y[1]))) return { from: `${y[1]}-01-01`, to: `${y[1]}-12-31`, quarters: [1, 2, 3, 4].map((n) => `${y[1]}-Q${n}`) };
  throw new BadUserInputError(field, PERIOD_FORMAT);
}

export function requireQuarter(period: string, field = 'period'): string {
  const q = QUARTER.exec(period);
  if (!q || !inRange(Number(q[1]))) throw new BadUserInputError(field, QUARTER_FORMAT);
  return period;
}
