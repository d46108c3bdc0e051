import { BadUserInputError } from './errors.js';
import { isObjectId } from './ids.js';

/** Input checks every service uses; each names the offending field. */
export function requireId(value: string | null | undefined, field: string): string {
  if (!value || !isObjectId(value)) throw new BadUserInputError(field, '无效的编号 (invalid id)');
  return value;
}

/** Trimmed text of `min`–`max` characters. */
export function requireText(value: string | null | undefined, field: string, min: number, max: number): string {
  const text = (value ?? '').trim();
  if (text.length < min || text.length > max)
    throw new BadUserInputError(field, `长度须为 ${min}–${max} 个字符 (${min}–${max} characters)`);
  return text;
}
