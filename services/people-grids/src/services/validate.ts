import { BadUserInputError, isLocalDate, type LocalDate } from '@jwh/platform';

/** Input checks shared by this service's mutations and queries; each names the offending field. */
export { requireId, requireText } from '@jwh/platform';

export function requireDate(value: string | null | undefined, field: string): LocalDate {
  if (!value || !isLocalDate(value)) throw new BadUserInputError(field, '日期格式应为 YYYY-MM-DD (expected a date YYYY-MM-DD)');
  return value;
}

export function requireTime(value: string, field: string): string {
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) throw new BadUserInputError(field, '时间格式应为 HH:mm (expected HH:mm)');
  return value;
}

export function requireIntInRange(value: number | null | undefined, field: string, min: number, max: number, fallback?: number): number {
  if (value === null || value === undefined) {
    if (fallback === undefined) throw new BadUserInputError(field, 'required');
    return fallback;
  }
  if (!Number.isInteger(value) || value < min || value > max)
    throw new BadUserInputError(field, `须为 ${min}–${max} 的整数 (an integer from ${min} to ${max})`);
  return value;
}
