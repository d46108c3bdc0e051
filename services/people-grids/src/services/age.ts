import { localDate, type LocalDate } from '@jwh/platform';
import type { ElderTier } from '../__generated__/resolvers-types.js';

export type { ElderTier };

/** Whole years from `birthDate` to `today` (both civil dates). */
export function ageOn(birthDate: LocalDate, today: LocalDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The civil date `years` years before `date` (29 February becomes the 28th in a common year). */
export function yearsBefore(date: LocalDate, years: number): LocalDate {
  const year = Number(date.slice(0, 4)) - years;
  const md = date.slice(5) === '02-29' && !isLeap(year) ? '02-28' : date.slice(5);
  return `${String(year).padStart(4, '0')}-${md}`;
}

/** A resident's age in whole years today (Asia/Shanghai). */
export const ageToday = (birthDate: LocalDate): number => ageOn(birthDate, localDate());

/** The 6789 elder tier of an age, or null under 60. */
export function elderTier(age: number): ElderTier | null {
  if (age >= 90) return 'AGE_90';
  if (age >= 80) return 'AGE_80';
  if (age >= 70) return 'AGE_70';
  if (age >= 60) return 'AGE_60';
  return null;
}
