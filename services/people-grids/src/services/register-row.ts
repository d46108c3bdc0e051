import type { Types } from 'mongoose';
import { hasControlCharacters, stableObjectId } from '@jwh/platform';
import { isValidNationalId } from './national-id.js';
import { isDerivedTag } from './derived-tags.js';
import { RESIDENT_TAGS } from '../models/resident.model.js';

/** Column names accepted in an imported register (台账), Chinese or English, mapped to fields. */
export const REGISTER_COLUMNS: Record<string, keyof RegisterRecord> = {
  户地址: 'address',
  地址: 'address',
  address: 'address',
  网格: 'grid',
  grid: 'grid',
  姓名: 'name',
  name: 'name',
  性别: 'gender',
  gender: 'gender',
  出生日期: 'birthDate',
  birthdate: 'birthDate',
  身份证号: 'nationalId',
  nationalid: 'nationalId',
  手机: 'phone',
  电话: 'phone',
  phone: 'phone',
  户籍: 'hukou',
  hukou: 'hukou',
  标签: 'tags',
  tags: 'tags',
};

/** The register's header row, in the order `exportRegister` writes and the import reads. */
export const REGISTER_HEADER = ['户地址', '网格', '姓名', '性别', '出生日期', '身份证号', '手机', '户籍', '标签'];

export interface RegisterRecord {
  address: string;
  grid: string;
  name: string;
  gender: string;
  birthDate: string;
  nationalId: string;
  phone: string;
  hukou: string;
  tags: string;
}

export interface RegisterRow {
  address: string;
  grid: string | null;
  name: string;
  gender: 'MALE' | 'FEMALE';
  birthDate: string;
  nationalId: string;
  phone: string | null;
  hukou: 'LOCAL' | 'NON_LOCAL';
  tags: string[];
}

const TAG_NAMES: Record<string, string> = {
  低保: 'LOW_INCOME',
  残疾: 'DISABLED',
  空巢: 'EMPTY_NEST',
  独居: 'LIVING_ALONE',
  军属: 'VETERAN_FAMILY',
  优抚: 'VETERAN_FAMILY',
  离退休干部: 'RETIRED_CADRE',
  失业: 'UNEMPLOYED',
};

export type RowResult = { ok: true; value: RegisterRow } | { ok: false; field: string; reason: string };

const fail = (field: string, reason: string): RowResult => ({ ok: false, field, reason });

/** Maps a header cell to a field, or null for a column we do not read. */
export const columnOf = (header: string): keyof RegisterRecord | null =>
  REGISTER_COLUMNS[header.trim().toLowerCase()] ?? REGISTER_COLUMNS[header.trim()] ?? null;

/** Normalises `1956/3/8`, `1956-03-08` or `19560308` to YYYY-MM-DD; null when not a real date. */
export function normaliseDate(raw: string): string | null {
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(raw.trim());
  if (!m) return null;
  const [, y, mo, d] = m;
  const iso = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

/** The outcome of checking one field: its normalised value, or why it is refused (Chinese, English in brackets). */
export type Check<T> = { ok: true; value: T } | { ok: false; reason: string };

const refuse = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** A resident's name: 1–40 characters after trimming, no control characters. */
export function checkName(raw: string | null | undefined): Check<string> {
  const name = (raw ?? '').trim();
  if (name.length < 1 || name.length > 40) return refuse('姓名缺失或过长 (name missing or too long)');
  if (hasControlCharacters(name)) return refuse('姓名不能含控制字符 (no control characters)');
  return { ok: true, value: name };
}

/**
 * A national ID number (身份证号) and what it says: the birth date (digits 7–14, a real date, not in
 * the future, from 1900) and the sex (the 17th digit: odd is male). Mutations and the register import
 * both take the birth date and sex from here.
 */
export function checkNationalId(
  raw: string | null | undefined,
  today: string,
): Check<{ nationalId: string; birthDate: string; gender: 'MALE' | 'FEMALE' }> {
  const nationalId = (raw ?? '').trim().toUpperCase();
  if (!isValidNationalId(nationalId)) return refuse('身份证号无效 (invalid national ID number)');
  const digits = nationalId.slice(6, 14);
  const birthDate = normaliseDate(digits);
  if (!birthDate || birthDate > today || birthDate < '1900-01-01')
    return refuse('身份证号中的出生日期无效 (the birth date in the national ID is invalid)');
  return { ok: true, value: { nationalId, birthDate, gender: Number(nationalId[16]) % 2 === 1 ? 'MALE' : 'FEMALE' } };
}

/** A mobile number (手机): 11 digits starting 13–19, spaces and dashes dropped; empty is none. */
export function checkPhone(raw: string | null | undefined): Check<string | null> {
  const phone = (raw ?? '').replace(/[\s-]/g, '') || null;
  if (phone && !/^1[3-9]\d{9}$/.test(phone)) return refuse('手机号无效 (invalid mobile number)');
  return { ok: true, value: phone };
}

/** Tags a person sets: known tags only, and none of the derived ones (空巢, 独居: from the household and ages). */
export function checkManualTags(tags: readonly string[]): Check<string[]> {
  const out: string[] = [];
  for (const tag of tags) {
    if (!(RESIDENT_TAGS as readonly string[]).includes(tag)) return refuse(`未知标签 ${tag} (unknown tag)`);
    if (isDerivedTag(tag)) return refuse(`${tag} 由户成员和年龄推算,不能手工设置 (derived from the household and ages, not set by hand)`);
    if (!out.includes(tag)) out.push(tag);
  }
  return { ok: true, value: out.sort() };
}

/**
 * Validates one row of a register; the reason is Chinese with English in brackets. Birth date and sex
 * must agree with the national ID ({@link checkNationalId}); 空巢 and 独居 in the tags column are read
 * but not kept: they are derived from the household and ages (derived-tags.ts) after the import.
 */
export function parseRegisterRow(record: Partial<RegisterRecord>, today: string): RowResult {
  const text = (k: keyof RegisterRecord) => (record[k] ?? '').toString().trim();
  const address = text('address');
  if (address.length < 2 || address.length > 120) return fail('address', '户地址缺失或过长 (address missing or too long)');
  const name = checkName(text('name'));
  if (!name.ok) return fail('name', name.reason);
  const genderRaw = text('gender').toUpperCase();
  const gender =
    genderRaw === '男' || genderRaw === 'MALE' || genderRaw === 'M'
      ? 'MALE'
      : genderRaw === '女' || genderRaw === 'FEMALE' || genderRaw === 'F'
        ? 'FEMALE'
        : null;
  if (!gender) return fail('gender', '性别应为 男 或 女 (gender must be 男 or 女)');
  const birthDate = normaliseDate(text('birthDate'));
  if (!birthDate || birthDate > today || birthDate < '1900-01-01') return fail('birthDate', '出生日期无效 (invalid birth date)');
  const id = checkNationalId(text('nationalId'), today);
  if (!id.ok) return fail('nationalId', id.reason);
  if (id.value.birthDate !== birthDate) return fail('nationalId', '身份证号与出生日期不符 (does not match the birth date)');
  if (id.value.gender !== gender) return fail('gender', '性别与身份证号不符 (does not match the national ID)');
  const phone = checkPhone(text('phone'));
  if (!phone.ok) return fail('phone', phone.reason);
  const hukouRaw = text('hukou');
  const hukou =
    !hukouRaw || hukouRaw === '本地' || hukouRaw.toUpperCase() === 'LOCAL'
      ? 'LOCAL'
      : hukouRaw === '外地' || hukouRaw.toUpperCase() === 'NON_LOCAL'
        ? 'NON_LOCAL'
        : null;
  if (!hukou) return fail('hukou', '户籍应为 本地 或 外地 (hukou must be 本地 or 外地)');
  const named: string[] = [];
  for (const raw of text('tags')
    .split(/[,，、;；\s]+/)
    .filter(Boolean)) {
    const tag = TAG_NAMES[raw] ?? raw.toUpperCase();
    if (!(RESIDENT_TAGS as readonly string[]).includes(tag)) return fail('tags', `未知标签 ${raw} (unknown tag)`);
    if (!isDerivedTag(tag)) named.push(tag);
  }
  const tags = checkManualTags(named);
  if (!tags.ok) return fail('tags', tags.reason);
  return {
    ok: true,
    value: {
      address,
      grid: text('grid') || null,
      name: name.value,
      gender,
      birthDate,
      nationalId: id.value.nationalId,
      phone: phone.value,
      hukou,
      tags: tags.value,
    },
  };
}

/**
 * The register key of an address: full-width forms folded (NFKC: `３栋` is `3栋`), white space
 * removed, Latin letters upper-cased. Two spellings with the same key are the same household.
 */
export const addressKey = (address: string): string => address.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

/**
 * The building (楼栋) an address names, as households carry it: the address up to its first `3栋`,
 * `12幢`, `5号楼` or `A座`, without the community's name in front (`美湖社区3栋1单元101室` → `3栋`,
 * `翠苑小区3栋2单元` → `翠苑小区3栋`: two compounds' 3栋 stay apart); full-width forms folded, white
 * space dropped; null when it names none (a bungalow, a temporary site). The register has no
 * building column: an imported household takes its building from its address.
 */
export function buildingOf(address: string, communityName = ''): string | null {
  const text = address.normalize('NFKC').replace(/\s+/g, '');
  const match = /([0-9]+|[A-Za-z][0-9]*|[一二三四五六七八九十]+)(栋|幢|号楼|座)/.exec(text);
  if (!match) return null;
  const prefix = communityName.normalize('NFKC').replace(/\s+/g, '');
  const upTo = text.slice(0, match.index + match[0].length);
  const name = prefix && upTo.startsWith(prefix) ? upTo.slice(prefix.length) : upTo;
  return name.length <= 30 ? name : match[0];
}

/**
 * The `_id` of the household a register creates at `address` in a community: derived from the
 * community and the address key, so a re-import (or a retry, or a concurrent import) finds and
 * writes the same document by `_id` alone.
 */
export const householdIdFor = (communityId: string | Types.ObjectId, address: string): Types.ObjectId =>
  stableObjectId(`register:household:${String(communityId)}:${addressKey(address)}`);

/**
 * The `_id` of the resident a register creates, derived from the keyed hash of the national ID
 * (`PiiCipher.hash`, an HMAC): never from the ID number itself, which a plain hash would let anyone
 * recover by trying every birth date and sequence.
 */
export const residentIdFor = (nationalIdHash: string): Types.ObjectId => stableObjectId(`register:resident:${nationalIdHash}`);
