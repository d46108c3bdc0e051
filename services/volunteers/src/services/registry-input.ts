import { BadUserInputError, NotFoundError, requireId, requireText, type ChangeRecordModel, type Viewer } from '@jwh/platform';
import type { Models } from '../models/index.js';

/**
 * What the registry's writes need (organisations, rooms, alliances, canteens): the models, who
 * writes and the change log. A request context has it; the demo seed builds one.
 */
export interface RegistryContext {
  models: Models;
  viewer: Viewer;
  changeLog: ChangeRecordModel;
  requestId?: string | null;
}

/** A mobile (1xxxxxxxxxx) or landline (0xxx-xxxxxxxx) number. */
const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/** A contact phone: a mobile or landline number, spaces left out. */
export function requirePhone(value: string | null | undefined, field: string): string {
  const phone = (value ?? '').replace(/\s/g, '');
  if (!PHONE.test(phone)) throw new BadUserInputError(field, '电话号码无效,手机或座机 (a mobile or landline number)');
  return phone;
}

/** One of `allowed`, else BAD_USER_INPUT naming them. */
export function requireOneOf<T extends string>(value: string | null | undefined, allowed: readonly T[], field: string): T {
  if (!value || !(allowed as readonly string[]).includes(value)) throw new BadUserInputError(field, `须为 ${allowed.join(' | ')}`);
  return value as T;
}

/** A short list of short texts (services, equipment), trimmed, without repeats. */
export function requireTexts(values: readonly string[] | null | undefined, field: string, max: number, maxLength: number): string[] {
  const list = values ?? [];
  if (list.length > max) throw new BadUserInputError(field, `最多 ${max} 项 (at most ${max})`);
  const out = list.map((v, i) => requireText(v, `${field}[${i}]`, 1, maxLength));
  return [...new Set(out)];
}

/** A community of the viewer's: another community's id answers NOT_FOUND (its existence is not revealed). */
export function ownCommunity(ctx: RegistryContext, communityId: string | null | undefined, field: string): string {
  const id = requireId(communityId, field);
  if (!ctx.viewer.communityIds.includes(id)) throw new NotFoundError('community', id);
  return id;
}

/** Distinct ids, each valid (at most `max`), named by position when not. */
export function requireIds(values: readonly string[] | null | undefined, field: string, max: number): string[] {
  const list = values ?? [];
  if (list.length > max) throw new BadUserInputError(field, `最多 ${max} 个 (at most ${max})`);
  return [...new Set(list.map((v, i) => requireId(v, `${field}[${i}]`)))];
}

/** Why (kept in the change log): optional, 2–200 characters when given. */
export function optionalReason(value: string | null | undefined, field = 'input.reason'): string | null {
  return value == null || value.trim() === '' ? null : requireText(value, field, 2, 200);
}
