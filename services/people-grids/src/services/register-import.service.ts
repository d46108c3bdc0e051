import type { Logger, PiiCipher } from '@jwh/shared';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { mongo, Types, type Connection } from 'mongoose';
import type { Readable } from 'node:stream';
import { recountGridHouseholds } from '../jobs/grid-stats.job.js';
import type { Models } from '../models/index.js';
import { todayInShanghai } from './age.js';
import { columnOf, parseRegisterRow, type RegisterRecord, type RegisterRow } from './register-row.js';

/** GridFS bucket of uploaded registers (a database collection pair: works on MongoDB and FerretDB). */
export const uploadsBucket = (conn: Connection) => new mongo.GridFSBucket(conn.db!, { bucketName: 'uploads' });

const REQUIRED: (keyof RegisterRecord)[] = ['address', 'name', 'gender', 'birthDate', 'nationalId'];
const BATCH = 500;

type SourceRow = { row: number; record: Partial<RegisterRecord> };

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: string; result?: unknown };
    if (v.richText) return v.richText.map((t) => t.text).join('');
    if (v.text !== undefined) return String(v.text);
    if (v.result !== undefined) return cellText(v.result);
  }
  return String(value);
}

/** A file that cannot be read as a register: retrying will not help. */
export class RegisterFileError extends Error {}

function checkHeader(fields: (keyof RegisterRecord | null)[]): void {
  const missing = REQUIRED.filter((f) => !fields.includes(f));
  if (missing.length) throw new RegisterFileError(`表头缺少列: ${missing.join(', ')} (missing columns)`);
}

/** Rows of a CSV register, streamed (the file is never held in memory). Row numbers count the header as 1. */
async function* csvRows(stream: Readable): AsyncGenerator<SourceRow> {
  const parser = stream.pipe(
    parse({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      columns: (header: string[]) => {
        const fields = header.map(columnOf);
        checkHeader(fields);
        return fields.map((f) => f ?? undefined);
      },
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{ record: Partial<RegisterRecord>; info: { lines: number } }>) {
    yield { row: info.lines, record };
  }
}

/** Rows of the first sheet of an XLSX register, streamed with exceljs's WorkbookReader. */
async function* xlsxRows(stream: Readable): AsyncGenerator<SourceRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore' });
  for await (const sheet of reader) {
    let fields: (keyof RegisterRecord | null)[] | null = null;
    for await (const row of sheet) {
      const values = (row.values as unknown[]).slice(1).map(cellText);
      if (!fields) {
        fields = values.map(columnOf);
        checkHeader(fields);
        continue;
      }
      if (values.every((v) => !v.trim())) continue;
      const record: Partial<RegisterRecord> = {};
      fields.forEach((f, i) => {
        if (f) record[f] = values[i] ?? '';
      });
      yield { row: row.number, record };
    }
    break;
  }
}

interface Counts {
  rowsRead: number;
  householdsCreated: number;
  residentsCreated: number;
  residentsUpdated: number;
  residentsUnchanged: number;
  rejected: number;
}

/**
 * Runs a register import: streams the upload, validates each row, upserts households (by address
 * within the community) and residents (by national ID hash) in batches of 500, records rejected
 * rows with their number and reason, and keeps progress on the job. Idempotent: a retry starts
 * over and an identical file changes nothing (every resident counts as unchanged).
 */
export async function runRegisterImport(conn: Connection, m: Models, cipher: PiiCipher, jobId: string, logger: Logger): Promise<Counts> {
  const job = await m.ImportJob.findById(jobId).lean().exec();
  if (!job) throw new Error(`import job ${jobId} not found`);
  const counts: Counts = { rowsRead: 0, householdsCreated: 0, residentsCreated: 0, residentsUpdated: 0, residentsUnchanged: 0, rejected: 0 };
  await m.ImportError.deleteMany({ jobId }).exec();
  await m.ImportJob.updateOne({ _id: jobId }, { $set: { ...counts, status: 'RUNNING', startedAt: new Date(), finishedAt: null, failure: null } }).exec();
  const communityId = job.communityId;
  const grids = await m.Grid.find({ communityId, level: 'SMALL' }, { _id: 1, name: 1, parentId: 1 }).lean().exec();
  const gridByName = new Map(grids.map((g) => [g.name, g]));
  const today = todayInShanghai();
  const seen = new Map<string, number>();

  const source = uploadsBucket(conn).openDownloadStream(job.uploadId);
  const rows = job.format === 'CSV' ? csvRows(source) : xlsxRows(source);
  let batch: { row: number; value: RegisterRow }[] = [];
  let errors: { jobId: unknown; row: number; field: string | null; reason: string }[] = [];

  const flush = async () => {
    const step = await upsertBatch(m, cipher, communityId, gridByName, batch);
    counts.householdsCreated += step.householdsCreated;
    counts.residentsCreated += step.created;
    counts.residentsUpdated += step.updated;
    counts.residentsUnchanged += step.unchanged;
    counts.rejected += step.rejected.length;
    errors.push(...step.rejected.map((r) => ({ jobId: job._id, ...r })));
    if (errors.length) await m.ImportError.insertMany(errors);
    await m.ImportJob.updateOne({ _id: jobId }, { $set: counts }).exec();
    batch = [];
    errors = [];
  };

  // Parser errors quote the offending cell (a phone, an ID number): report the row only.
  const safeRows = async function* () {
    try {
      yield* rows;
    } catch (err) {
      if (err instanceof RegisterFileError) throw err;
      const line = (err as { lines?: number }).lines;
      throw new RegisterFileError(`文件无法解析${line ? `,第 ${line} 行附近` : ''} (the file cannot be parsed${line ? ` near row ${line}` : ''})`);
    }
  };
  for await (const { row, record } of safeRows()) {
    counts.rowsRead++;
    const parsed = parseRegisterRow(record, today);
    let reject: { field: string; reason: string } | null = parsed.ok ? null : { field: parsed.field, reason: parsed.reason };
    if (parsed.ok) {
      if (parsed.value.grid && !gridByName.has(parsed.value.grid)) reject = { field: 'grid', reason: `本社区没有小网格 ${parsed.value.grid} (no such small grid)` };
      const first = seen.get(parsed.value.nationalId);
      if (first !== undefined) reject = { field: 'nationalId', reason: `身份证号与第 ${first} 行重复 (duplicate of row ${first})` };
      else seen.set(parsed.value.nationalId, row);
    }
    if (reject) {
      counts.rejected++;
      errors.push({ jobId: job._id, row, field: reject.field, reason: reject.reason });
    } else if (parsed.ok) {
      batch.push({ row, value: parsed.value });
    }
    if (batch.length >= BATCH || errors.length >= BATCH) await flush();
  }
  await flush();
  await recountGridHouseholds(m, { communityId: String(communityId) });
  await m.ImportJob.updateOne({ _id: jobId }, { $set: { ...counts, status: 'DONE', finishedAt: new Date() } }).exec();
  logger.info({ jobId, ...counts }, 'register import done');
  return counts;
}

async function upsertBatch(
  m: Models,
  cipher: PiiCipher,
  communityId: Types.ObjectId,
  gridByName: Map<string, { _id: Types.ObjectId; parentId?: Types.ObjectId | null }>,
  batch: { row: number; value: RegisterRow }[],
) {
  const result = { householdsCreated: 0, created: 0, updated: 0, unchanged: 0, rejected: [] as { row: number; field: string; reason: string }[] };
  if (!batch.length) return result;
  // Households: by address within the community; one query for the batch, inserts for the new ones.
  const addresses = [...new Set(batch.map((b) => b.value.address))];
  const existing = await m.Household.find({ communityId, address: { $in: addresses } }).lean().exec();
  const households = new Map(existing.map((h) => [h.address, h]));
  const fresh = addresses
    .filter((a) => !households.has(a))
    .map((address) => {
      const grid = gridByName.get(batch.find((b) => b.value.address === address)!.value.grid ?? '');
      return { _id: new Types.ObjectId(), communityId, address, registerKey: address, gridId: grid?._id ?? null, bigGridId: grid?.parentId ?? null };
    });
  if (fresh.length) {
    await m.Household.insertMany(fresh, { ordered: false });
    result.householdsCreated = fresh.length;
    for (const h of fresh) households.set(h.address, h as never);
  }
  // Residents: by national ID hash; unchanged rows are not written.
  const hashes = batch.map((b) => cipher.hash(b.value.nationalId));
  const current = await m.Resident.find({ nationalIdHash: { $in: hashes } }).lean().exec();
  const byHash = new Map(current.map((r) => [r.nationalIdHash, r]));
  const ops: Parameters<typeof m.Resident.bulkWrite>[0] = [];
  batch.forEach(({ row, value }, i) => {
    const before = byHash.get(hashes[i]!);
    // A resident registered in another community is not moved by this community's register.
    if (before && String(before.communityId) !== String(communityId)) {
      result.rejected.push({ row, field: 'nationalId', reason: '该居民登记在其他社区,请由原社区迁出 (registered in another community)' });
      return;
    }
    const household = households.get(value.address)!;
    const fields = {
      householdId: household._id,
      communityId,
      gridId: household.gridId ?? null,
      name: value.name,
      gender: value.gender,
      birthDate: value.birthDate,
      birthMonthDay: value.birthDate.slice(5),
      phone: value.phone,
      hukou: value.hukou,
      tags: value.tags,
    };
    if (!before) {
      ops.push({ insertOne: { document: { ...fields, nationalIdEnc: cipher.encrypt(value.nationalId), nationalIdHash: hashes[i]! } as never } });
      result.created++;
      return;
    }
    const same =
      String(before.householdId) === String(fields.householdId) &&
      String(before.communityId) === String(fields.communityId) &&
      String(before.gridId ?? null) === String(fields.gridId ?? null) &&
      before.name === fields.name &&
      before.gender === fields.gender &&
      before.birthDate === fields.birthDate &&
      (before.phone ?? null) === fields.phone &&
      before.hukou === fields.hukou &&
      [...before.tags].sort().join() === fields.tags.join();
    if (same) result.unchanged++;
    else {
      ops.push({ updateOne: { filter: { _id: before._id }, update: { $set: fields } } });
      result.updated++;
    }
  });
  if (ops.length) await m.Resident.bulkWrite(ops, { ordered: false });
  return result;
}
