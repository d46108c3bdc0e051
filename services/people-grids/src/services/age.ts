/** Today's date in Asia/Shanghai as YYYY-MM-DD. */
export function todayInShanghai(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Whole years from `birthDate` to `today` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export type ElderTier = 'AGE_60' | 'AGE_70' | 'AGE_80' | 'AGE_90';

/** The 6789 elder tier of an age, or null under 60. */
export function elderTier(age: number): ElderTier | null {
  if (age >= 90) return 'AGE_90';
  if (age >= 80) return 'AGE_80';
  if (age >= 70) return 'AGE_70';
  if (age >= 60) return 'AGE_60';
  return null;
}
