import { BadUserInputError } from './errors.js';
import { isObjectId } from './ids.js';

/** Input checks every service uses; each names the offending field. */
export function requireId(value: string | null | undefined, field: string): string {
  if (!value || !isObjectId(value)) throw new BadUserInputError(field, '无效的编号 (invalid id)');
  return value;
}

/**
 * Control characters no text input takes (tab and line breaks excepted): U+0000 cannot be stored
 * by FerretDB on PostgreSQL (jsonb refuses it), which made such input an internal error.
 */
const isControl = (code: number) => (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;

/** True when `text` holds a control character other than tab and line breaks. */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) return true;
  return false;
}

/** Trimmed text of `min`–`max` characters, without control characters. */
export function requireText(value: string | null | undefined, field: string, min: number, max: number): string {
  const text = (value ?? '').trim();
  if (text.length < min || text.length > max)
    throw new BadUserInputError(field, `长度须为 ${min}–${max} 个字符 (${min}–${max} characters)`);
  if (hasControlCharacters(text)) throw new BadUserInputError(field, '不能含控制字符 (no control characters)');
  return text;
}

/** The purpose stated for an unmasked read of personal data (logged with it): 4–200 characters, no control characters. */
export function requirePurpose(value: unknown, field = 'purpose'): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length < 4 || text.length > 200 || hasControlCharacters(text))
    throw new BadUserInputError(field, '请说明用途,4–200 个字符,不含控制字符 (state the purpose, 4–200 characters, no control characters)');
  return text;
}
