import { stableObjectId } from '@jwh/platform';
import type { Types } from 'mongoose';
import { isValidNationalId } from './national-id.js';
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

/** Validates one row of a register; the reason is Chinese with English in brackets. */
export function parseRegisterRow(record: Partial<RegisterRecord>, today: string): RowResult {
  const text = (k: keyof RegisterRecord) => (record[k] ?? '').toString().trim();
  const address = text('address');
  if (address.length < 2 || address.length > 120) return fail('address', '户地址缺失或过长 (address missing or too long)');
  const name = text('name');
  if (name.length < 1 || name.length > 40) return fail('name', '姓名缺失或过长 (name missing or too long)');
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
  const nationalId = text('nationalId').toUpperCase();
  if (!isValidNationalId(nationalId)) return fail('nationalId', '身份证号无效 (invalid national ID number)');
  if (nationalId.slice(6, 14) !== birthDate.replace(/-/g, ''))
    return fail('nationalId', '身份证号与出生日期不符 (does not match the birth date)');
  const phone = text('phone').replace(/[\s-]/g, '') || null;
  if (phone && !/^1[3-9]\d{9}$/.test(phone)) return fail('phone', '手机号无效 (invalid mobile number)');
  const hukouRaw = text('hukou');
  const hukou =
    !hukouRaw || hukouRaw === '本地' || hukouRaw.toUpperCase() === 'LOCAL'
      ? 'LOCAL'
      : hukouRaw === '外地' || hukouRaw.toUpperCase() === 'NON_LOCAL'
        ? 'NON_LOCAL'
        : null;
  if (!hukou) return fail('hukou', '户籍应为 本地 或 外地 (hukou must be 本地 or 外地)');
  const tags: string[] = [];
  for (const raw of text('tags')
    .split(/[,，、;；\s]+/)
    .filter(Boolean)) {
    const tag = TAG_NAMES[raw] ?? raw.toUpperCase();
    if (!(RESIDENT_TAGS as readonly string[]).includes(tag)) return fail('tags', `未知标签 ${raw} (unknown tag)`);
    if (!tags.includes(tag)) tags.push(tag);
  }
  return { ok: true, value: { address, grid: text('grid') || null, name, gender, birthDate, nationalId, phone, hukou, tags: tags.sort() } };
}

/**
 * The register key of an address: full-width forms folded (NFKC: `３栋` is `3栋`), white space
 * removed, Latin letters upper-cased. Two spellings with the same key are the same household.
 */
export const addressKey = (address: string): string => address.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

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
