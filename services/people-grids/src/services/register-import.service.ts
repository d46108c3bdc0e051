import {
  engineOf,
  isDuplicateKeyError,
  localDate,
  mapReads,
  recordChanges,
  type ChangeRecordModel,
  type EngineKind,
  type Logger,
  type PiiCipher,
  type Role,
} from '@jwh/platform';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { mongo, Types, type Connection } from 'mongoose';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { recountGridHouseholds } from '../jobs/grid-stats.job.js';
import type { Models } from '../models/index.js';
import { derivedResidentFields, listBucketOf } from '../models/resident.model.js';
import { isDerivedTag } from './derived-tags.js';
import {
  addressKey,
  buildingOf,
  columnOf,
  householdIdFor,
  parseRegisterRow,
  REGISTER_COLUMNS,
  residentIdFor,
  type RegisterRecord,
  type RegisterRow,
} from './register-row.js';

/** GridFS bucket of uploaded registers (a database collection pair: works on MongoDB and FerretDB). */
export const uploadsBucket = (conn: Connection) => new mongo.GridFSBucket(conn.db!, { bucketName: 'uploads' });

const REQUIRED: (keyof RegisterRecord)[] = ['address', 'name', 'gender', 'birthDate', 'nationalId'];
const BATCH = 500;
/**
 * Updates per `update` command. FerretDB 1.24 on PostgreSQL keeps each matched statement's read
 * (and its pooled PostgreSQL connection) open until the whole command ends
 * (handler/msg_update.go), so one command of as many statements as its pool has connections
 * (50) waits for itself forever and every other client with it. Small commands, one at a time.
 */
const UPDATES_PER_COMMAND = 16;

export type SourceRow = { row: number; record: Partial<RegisterRecord> };

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
  if (!missing.length) return;
  // Named as the register names them (性别, not gender), with the English beside.
  const column = (f: keyof RegisterRecord) => Object.keys(REGISTER_COLUMNS).find((c) => REGISTER_COLUMNS[c] === f) ?? f;
  throw new RegisterFileError(`表头缺少列: ${missing.map(column).join('、')} (missing columns: ${missing.join(', ')})`);
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

type Chunks = AsyncIterable<Buffer | string>;

/** UTF-8 text of a byte stream, a character split between two chunks kept whole. */
async function* utf8(chunks: Chunks): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * exceljs 4.4's streaming reader decodes every inflated chunk of a sheet on its own
 * (lib/utils/parse-sax.js), so a character whose bytes straddle two chunks turns into `�`
 * (exceljs issues 2063, 2084, 2316): in a Chinese register about one row in a thousand gets a
 * garbled name, address or 性别. Its XML parser passes strings through untouched, so the sheet and
 * shared-string streams are decoded here, whole characters only. Checked by a test with thousands
 * of Chinese rows; an exceljs without these methods fails loudly rather than garble quietly.
 */
function decodeWholeCharacters(reader: ExcelJS.stream.xlsx.WorkbookReader): void {
  const r = reader as unknown as {
    _parseWorksheet?: (chunks: Chunks, sheetNo: string) => unknown;
    _parseSharedStrings?: (entry: NodeJS.ReadableStream) => unknown;
  };
  if (typeof r._parseWorksheet !== 'function' || typeof r._parseSharedStrings !== 'function') {
    throw new Error('exceljs WorkbookReader has changed: review decodeWholeCharacters in register-import.service.ts');
  }
  const worksheet = r._parseWorksheet.bind(reader);
  const sharedStrings = r._parseSharedStrings.bind(reader);
  r._parseWorksheet = (chunks, sheetNo) => worksheet(utf8(chunks), sheetNo);
  r._parseSharedStrings = (entry) => {
    entry.setEncoding('utf8');
    return sharedStrings(entry);
  };
}

/** Rows of the first sheet of an XLSX register, streamed with exceljs's WorkbookReader. */
async function* xlsxRows(stream: Readable): AsyncGenerator<SourceRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
  });
  decodeWholeCharacters(reader);
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

/** The rows of a register file (CSV or the first sheet of an XLSX), streamed, with their row numbers. */
export function registerRows(stream: Readable, format: 'CSV' | 'XLSX'): AsyncGenerator<SourceRow> {
  return format === 'CSV' ? csvRows(stream) : xlsxRows(stream);
}

/** The phases of an import: reading the community, the rows, the recount of the read models. */
export type ImportPhase = 'rows' | 'recount';

interface Counts {
  rowsRead: number;
  householdsCreated: number;
  residentsCreated: number;
  residentsUpdated: number;
  residentsUnchanged: number;
  rejected: number;
}

type Rejection = { row: number; field: string; reason: string };

/**
 * Runs a register import: streams the upload, validates each row, upserts households (by address
 * within the community) and residents (by national ID hash) in batches of 500, records rejected
 * rows with their number and reason, and keeps progress on the job. Idempotent: a retry starts
 * over and an identical file changes nothing (every resident counts as unchanged).
 *
 * Every write is by `_id`: a household the register creates has an `_id` derived from its
 * community and address key, a resident one derived from the keyed hash of its national ID
 * (register-row.ts), so the same row always lands on the same document. Reads: the community's
 * households and residents once per import, each one pushed-down equality `{ communityId }`
 * streamed by a cursor (kept as small key maps), then per row nothing; new residents are inserted
 * and the unique index on `nationalIdHash` refuses those that exist elsewhere, which alone are
 * read by hash (`residentsByHash`). Never a `$in` that FerretDB would answer by reading the whole
 * collection. Batches are pipelined: the next 500 rows are parsed while the last are written.
 */
export async function runRegisterImport(
  conn: Connection,
  m: Models,
  cipher: PiiCipher,
  jobId: string,
  logger: Logger,
  /** Called as each phase starts (the benchmark measures them apart). */
  onPhase: (phase: ImportPhase) => void = () => undefined,
  /** The change log an import that wrote is recorded in (one record: who, the counts); none in benchmarks. */
  changeLog?: ChangeRecordModel,
): Promise<Counts> {
  const job = await m.ImportJob.findById(jobId).lean().exec();
  if (!job) throw new Error(`import job ${jobId} not found`);
  const counts: Counts = {
    rowsRead: 0,
    householdsCreated: 0,
    residentsCreated: 0,
    residentsUpdated: 0,
    residentsUnchanged: 0,
    rejected: 0,
  };
  await m.ImportError.deleteMany({ jobId }).exec();
  await m.ImportJob.updateOne(
    { _id: jobId },
    { $set: { ...counts, status: 'RUNNING', startedAt: new Date(), finishedAt: null, failure: null } },
  ).exec();
  const started = Date.now();
  const communityId = job.communityId;
  // A grid a merge retired keeps its name for the histories: rows name the grids in use.
  const grids = (await m.Grid.find({ communityId, level: 'SMALL' }, { _id: 1, name: 1, parentId: 1, retiredAt: 1 }).lean().exec()).filter(
    (g) => !g.retiredAt,
  );
  const gridByName = new Map(grids.map((g) => [g.name, g as GridRef]));
  const [households, residents, community] = await Promise.all([
    communityHouseholds(m, communityId, new Map(grids.map((g) => [String(g._id), g as GridRef]))),
    communityResidents(m, communityId),
    m.Community.findById(communityId, { name: 1 }).lean().exec(),
  ]);
  const loaded = Date.now();
  onPhase('rows');
  const importer = batchImporter({
    m,
    cipher,
    communityId,
    communityName: community?.name ?? '',
    gridByName,
    households,
    residents: residents.byHash,
    departed: residents.departed,
    derived: residents.derived,
    byHash: residentsByHash(m, engineOf(conn)),
  });
  const today = localDate();
  // In-file duplicates by ID number: with the households the import creates, the state that grows
  // with the file (a short string a row); the rows themselves stream through 500 at a time.
  const seen = new Map<string, number>();

  const source = uploadsBucket(conn).openDownloadStream(job.uploadId);
  const rows = registerRows(source, job.format);
  let batch: { row: number; value: RegisterRow }[] = [];
  let errors: Rejection[] = [];
  let inFlight: Promise<void> = Promise.resolve();

  // One batch is written while the next is parsed; a batch starts once the one before has finished.
  const flush = async () => {
    await inFlight;
    const rowsOf = batch;
    const rejectedEarlier = errors;
    batch = [];
    errors = [];
    inFlight = (async () => {
      const step = await importer(rowsOf);
      counts.householdsCreated += step.householdsCreated;
      counts.residentsCreated += step.created;
      counts.residentsUpdated += step.updated;
      counts.residentsUnchanged += step.unchanged;
      counts.rejected += step.rejected.length;
      // Every row of this flush comes before the rows parsed since: rejections stay in file order.
      const rejected = [...rejectedEarlier, ...step.rejected].sort((a, b) => a.row - b.row);
      if (rejected.length) await m.ImportError.insertMany(rejected.map((r) => ({ jobId: job._id, ...r })));
      await m.ImportJob.updateOne({ _id: jobId }, { $set: counts }).exec();
    })();
    inFlight.catch(() => undefined); // awaited by the next flush or at the end
  };

  // Parser errors quote the offending cell (a phone, an ID number): report the row only.
  const safeRows = async function* () {
    try {
      yield* rows;
    } catch (err) {
      if (err instanceof RegisterFileError) throw err;
      const line = (err as { lines?: number }).lines;
      throw new RegisterFileError(
        `文件无法解析${line ? `,第 ${line} 行附近` : ''} (the file cannot be parsed${line ? ` near row ${line}` : ''})`,
      );
    }
  };
  try {
    for await (const { row, record } of safeRows()) {
      counts.rowsRead++;
      const parsed = parseRegisterRow(record, today);
      let reject: { field: string; reason: string } | null = parsed.ok ? null : { field: parsed.field, reason: parsed.reason };
      if (parsed.ok) {
        if (parsed.value.grid && !gridByName.has(parsed.value.grid))
          reject = { field: 'grid', reason: `本社区没有小网格 ${parsed.value.grid} (no such small grid)` };
        const first = seen.get(parsed.value.nationalId);
        if (first !== undefined) reject = { field: 'nationalId', reason: `身份证号与第 ${first} 行重复 (duplicate of row ${first})` };
        else seen.set(parsed.value.nationalId, row);
      }
      if (reject) {
        counts.rejected++;
        errors.push({ row, field: reject.field, reason: reject.reason });
      } else if (parsed.ok) {
        batch.push({ row, value: parsed.value });
      }
      if (batch.length >= BATCH || errors.length >= BATCH) await flush();
    }
    await flush();
  } finally {
    await inFlight.catch(() => undefined);
  }
  await inFlight;
  const written = Date.now();
  onPhase('recount');
  // The read models follow the writes. An import that wrote nothing changed no count: it skips the
  // recount (a whole pass over the community), unless an earlier attempt of this job may have written.
  const wrote = counts.householdsCreated + counts.residentsCreated + counts.residentsUpdated > 0;
  if (wrote || job.startedAt) await recountGridHouseholds(m, { communityId: String(communityId) });
  await m.ImportJob.updateOne({ _id: jobId }, { $set: { ...counts, status: 'DONE', finishedAt: new Date() } }).exec();
  if (changeLog && wrote) {
    const viewer = {
      sub: job.requestedBy,
      role: (job.requestedRole ?? 'COMMUNITY_STAFF') as Role,
      communityIds: [String(communityId)],
      gridIds: [],
    };
    await recordChanges(
      { changeLog, viewer, requestId: `import:${jobId}` },
      {
        entityType: 'ImportJob',
        entityId: jobId,
        communityId,
        action: 'IMPORT',
        reason: '台账导入 (register import)',
        after: {
          rowsRead: counts.rowsRead,
          householdsCreated: counts.householdsCreated,
          residentsCreated: counts.residentsCreated,
          residentsUpdated: counts.residentsUpdated,
          rejected: counts.rejected,
        },
      },
    );
  }
  logger.info(
    { jobId, ...counts, ms: Date.now() - started, loadMs: loaded - started, rowsMs: written - loaded, recountMs: Date.now() - written },
    'register import done',
  );
  return counts;
}

type GridRef = { _id: Types.ObjectId; name: string; parentId?: Types.ObjectId | null };
/** A household of the community as the import needs it: its id (hex) and its small grid. */
type HouseholdRef = { id: string; grid: GridRef | null };

/**
 * The community's households by address key, read once per import: one pushed-down equality
 * (`{ communityId }`, index `communityId`) streamed by a cursor. It finds the households that
 * predate derived ids (the demo's, an earlier import's) under any spelling of their address, for
 * one read per import instead of one per row. Kept small: an id string and a shared grid object
 * per household (a community has a few thousand).
 */
async function communityHouseholds(
  m: Models,
  communityId: Types.ObjectId,
  gridById: Map<string, GridRef>,
): Promise<Map<string, HouseholdRef>> {
  const byKey = new Map<string, HouseholdRef>();
  const gridOf = (id: Types.ObjectId | null | undefined): GridRef | null => {
    if (!id) return null;
    const key = String(id);
    // A grid that is not one of the community's small grids still has an id to compare with.
    if (!gridById.has(key)) gridById.set(key, { _id: id, name: `网格 ${key}` });
    return gridById.get(key)!;
  };
  const cursor = m.Household.find({ communityId }, { address: 1, gridId: 1 }).lean().cursor({ batchSize: 2_000 });
  for await (const h of cursor as AsyncIterable<{ _id: Types.ObjectId; address: string; gridId?: Types.ObjectId | null }>) {
    const key = addressKey(h.address);
    if (!byKey.has(key)) byKey.set(key, { id: String(h._id), grid: gridOf(h.gridId) });
  }
  return byKey;
}

/** The fields of a resident a register row sets (and compares). */
interface ResidentFields {
  householdId: Types.ObjectId;
  gridId: Types.ObjectId | null;
  name: string;
  gender: string;
  birthDate: string;
  phone: string | null;
  hukou: string;
  tags: string[];
}

/**
 * A 48-bit digest of the fields a row sets: equal digests mean an unchanged resident (a chance
 * collision is one in 2⁴⁸ per changed row). Lets the import remember a resident in a number.
 */
function fingerprint(f: {
  householdId: unknown;
  gridId?: unknown;
  name: string;
  gender: string;
  birthDate: string;
  phone?: string | null;
  hukou: string;
  tags?: string[];
}): number {
  const text = [
    String(f.householdId),
    String(f.gridId ?? null),
    f.name,
    f.gender,
    f.birthDate,
    f.phone ?? '',
    f.hukou,
    // Tags set by hand only: 空巢 and 独居 are derived (derived-tags.ts) and kept by the recount.
    [...(f.tags ?? [])]
      .filter((t) => !isDerivedTag(t))
      .sort()
      .join(','),
  ].join('\u0000');
  return createHash('sha256').update(text).digest().readUIntBE(0, 6);
}

/**
 * A resident of the community as the import remembers it: the fingerprint of its fields, and its
 * `_id` only when it is not the one derived from its hash (residents that predate derived ids).
 */
type Known = number | { fp: number; id: string };

/**
 * The community's residents by national ID hash, read once per import: one pushed-down equality
 * (`{ communityId }`, index `communityId`) streamed by a cursor, each kept as a fingerprint (a
 * number; about 100 bytes a resident with its key). With it a re-imported row costs no read at
 * all: unchanged when its fingerprint matches, else an update by `_id`.
 */
async function communityResidents(
  m: Models,
  communityId: Types.ObjectId,
): Promise<{ byHash: Map<string, Known>; departed: Set<string>; derived: Map<string, string[]> }> {
  const byHash = new Map<string, Known>();
  const departed = new Set<string>();
  const derived = new Map<string, string[]>();
  const cursor = m.Resident.find(
    { communityId },
    { householdId: 1, gridId: 1, name: 1, gender: 1, birthDate: 1, phone: 1, hukou: 1, tags: 1, nationalIdHash: 1, departed: 1 },
  )
    .lean()
    .cursor({ batchSize: 2_000 });
  for await (const r of cursor as AsyncIterable<Before>) {
    const fp = fingerprint(r);
    byHash.set(r.nationalIdHash, String(r._id) === String(residentIdFor(r.nationalIdHash)) ? fp : { fp, id: String(r._id) });
    if (r.departed) departed.add(r.nationalIdHash);
    const kept = (r.tags ?? []).filter(isDerivedTag);
    if (kept.length) derived.set(r.nationalIdHash, kept);
  }
  return { byHash, departed, derived };
}

type Before = ResidentFields & { _id: Types.ObjectId; communityId: Types.ObjectId; nationalIdHash: string; departed?: boolean | null };

/**
 * Residents by national ID hash, for the rows whose insert a unique key refused (a resident of
 * another community, or one registered while the import ran): few, read as the engine serves
 * best. FerretDB on PostgreSQL: one `{ nationalIdHash }` equality each (unique index, pushed
 * down); on SQLite (only `_id` pushed down) a point read of the derived `_id`, then one `$in` for
 * those still missing (ids from before); MongoDB: one `$in` (unique index).
 */
function residentsByHash(m: Models, engine: EngineKind): (hashes: string[]) => Promise<Map<string, Before>> {
  const projection = {
    householdId: 1,
    communityId: 1,
    gridId: 1,
    name: 1,
    gender: 1,
    birthDate: 1,
    phone: 1,
    hukou: 1,
    tags: 1,
    nationalIdHash: 1,
    departed: 1,
  };
  const byHashMap = (docs: (Before | null)[]) => new Map(docs.filter((d): d is Before => d !== null).map((d) => [d.nationalIdHash, d]));
  const hashIn = async (hashes: string[]) =>
    hashes.length
      ? m.Resident.find({ nationalIdHash: { $in: hashes } }, projection)
          .lean<Before[]>()
          .exec()
      : [];
  switch (engine) {
    case 'ferretdb-postgresql':
      return async (hashes) =>
        byHashMap(await mapReads(hashes, (h) => m.Resident.findOne({ nationalIdHash: h }, projection).lean<Before>().exec()));
    case 'ferretdb-sqlite':
      return async (hashes) => {
        const found = byHashMap(
          await mapReads(hashes, (h) =>
            m.Resident.findOne({ _id: residentIdFor(h) }, projection)
              .lean<Before>()
              .exec(),
          ),
        );
        for (const d of await hashIn(hashes.filter((h) => !found.has(h)))) found.set(d.nationalIdHash, d);
        return found;
      };
    default:
      return async (hashes) => byHashMap(await hashIn(hashes));
  }
}

/** A household this import is about to create (its `_id` derived from the community and address key). */
type NewHousehold = HouseholdRef & { address: string; gridRow: number | null; used: boolean };

interface Item {
  row: number;
  value: RegisterRow;
  hash: string;
  household: HouseholdRef | NewHousehold;
  rejected: boolean;
}

/**
 * Imports one batch of valid rows. In order: each row's household (existing, or new with the first
 * grid its rows name) and the grid check; rows of residents the community has, unchanged or
 * updated by `_id`; the others inserted as new residents (unordered, derived `_id`), those a unique
 * key refuses read by hash and settled (rejected, with a neutral reason, when registered in another
 * community); then the new households some accepted row lives in, and the updates. A rejected row writes nothing: its
 * resident is never written and a household only it named is never created.
 */
function batchImporter(ctx: {
  m: Models;
  cipher: PiiCipher;
  communityId: Types.ObjectId;
  /** The community's name: an address's building is named without it (`buildingOf`). */
  communityName: string;
  gridByName: Map<string, GridRef>;
  households: Map<string, HouseholdRef>;
  residents: Map<string, Known>;
  /** Residents of the community on record only (moved out, died): a row naming one is rejected. */
  departed: Set<string>;
  /** The derived tags (空巢, 独居) residents have: an update keeps them (the recount re-derives them if membership changed). */
  derived: Map<string, string[]>;
  byHash: (hashes: string[]) => Promise<Map<string, Before>>;
}) {
  const { m, cipher, communityId, communityName, gridByName, households, residents, departed, derived, byHash } = ctx;
  const community = String(communityId);
  return async (batch: { row: number; value: RegisterRow }[]) => {
    const result = { householdsCreated: 0, created: 0, updated: 0, unchanged: 0, rejected: [] as Rejection[] };
    if (!batch.length) return result;
    const reject = (it: Item, field: string, reason: string) => {
      it.rejected = true;
      result.rejected.push({ row: it.row, field, reason });
    };

    // 1. Households and the grid check, in file order.
    const planned = new Map<string, NewHousehold>();
    const items: Item[] = [];
    for (const { row, value } of batch) {
      const key = addressKey(value.address);
      const named = value.grid ? gridByName.get(value.grid)! : null;
      const existing = households.get(key);
      let household: HouseholdRef | NewHousehold;
      let mismatch: string | null = null;
      if (existing) {
        household = existing;
        if (named && String(named._id) !== String(existing.grid?._id ?? null)) {
          mismatch = existing.grid
            ? `该户地址已在${existing.grid.name},与网格列 ${named.name} 不符,请先调整该户网格 (this address is a household of ${existing.grid.name}, not ${named.name}: move the household first)`
            : `该户地址未划入网格,与网格列 ${named.name} 不符,请先为该户划入网格 (this address is a household outside every grid, not in ${named.name}: assign its grid first)`;
        }
      } else {
        let fresh = planned.get(key);
        if (!fresh) {
          fresh = {
            id: String(householdIdFor(communityId, value.address)),
            address: value.address,
            grid: null,
            gridRow: null,
            used: false,
          };
          planned.set(key, fresh);
        }
        household = fresh;
        if (named && !fresh.grid) {
          fresh.grid = named;
          fresh.gridRow = row;
        } else if (named && String(fresh.grid!._id) !== String(named._id)) {
          mismatch = `该户地址在第 ${fresh.gridRow} 行登记为${fresh.grid!.name},与网格列 ${named.name} 不符 (row ${fresh.gridRow} puts this address in ${fresh.grid!.name}, not ${named.name})`;
        }
      }
      const it: Item = { row, value, hash: cipher.hash(value.nationalId), household, rejected: false };
      items.push(it);
      if (mismatch) reject(it, 'grid', mismatch);
    }

    // Read after step 1: a new household's grid may come from a later row of the batch.
    const fieldsOf = (it: Item): ResidentFields & { communityId: Types.ObjectId } & ReturnType<typeof derivedResidentFields> => ({
      householdId: new Types.ObjectId(it.household.id),
      communityId,
      gridId: it.household.grid?._id ?? null,
      name: it.value.name,
      gender: it.value.gender,
      birthDate: it.value.birthDate,
      ...derivedResidentFields(it.value),
      phone: it.value.phone,
      hukou: it.value.hukou,
      tags: it.value.tags,
    });
    const accept = (it: Item) => {
      if ('used' in it.household) it.household.used = true;
    };
    const updates: Parameters<typeof m.Resident.bulkWrite>[0] = [];
    const update = (
      it: Item,
      id: Types.ObjectId,
      row: ReturnType<typeof fieldsOf>,
      kept: readonly string[] = derived.get(it.hash) ?? [],
    ) => {
      const fields = kept.length ? { ...row, tags: [...row.tags, ...kept].sort() } : row;
      updates.push({
        updateOne: {
          filter: { _id: id },
          update: {
            $set: { ...fields, listBucket: listBucketOf(id) },
            $setOnInsert: { nationalIdHash: it.hash, nationalIdEnc: cipher.encrypt(it.value.nationalId) },
          },
          upsert: true,
        },
      });
      result.updated++;
      accept(it);
    };

    // 2. Residents the community has: unchanged, or updated by `_id`. The rest are new (or elsewhere).
    const fresh: Item[] = [];
    for (const it of items) {
      if (it.rejected) continue;
      if (departed.has(it.hash)) {
        reject(it, 'nationalId', DEPARTED);
        continue;
      }
      const known = residents.get(it.hash);
      if (known === undefined) {
        fresh.push(it);
        continue;
      }
      const fields = fieldsOf(it);
      if ((typeof known === 'number' ? known : known.fp) === fingerprint(fields)) {
        result.unchanged++;
        accept(it);
      } else update(it, new Types.ObjectId(typeof known === 'number' ? String(residentIdFor(it.hash)) : known.id), fields);
    }

    // 3. New residents (derived `_id`); a unique key refusing one means it exists after all.
    const now = new Date();
    const docs = fresh.map((it) => ({
      _id: residentIdFor(it.hash),
      ...fieldsOf(it),
      listBucket: listBucketOf(residentIdFor(it.hash)),
      nationalIdEnc: cipher.encrypt(it.value.nationalId),
      nationalIdHash: it.hash,
      createdAt: now,
      updatedAt: now,
      __v: 0,
    }));
    const taken = new Set(await insertReportingConflicts(m.Resident.collection, docs));
    const elsewhere = taken.size ? await byHash(fresh.filter((_, i) => taken.has(i)).map((it) => it.hash)) : new Map<string, Before>();
    for (const [i, it] of fresh.entries()) {
      if (!taken.has(i)) {
        result.created++;
        accept(it);
        continue;
      }
      const before = elsewhere.get(it.hash);
      if (!before) throw new Error('a resident was removed while the import ran; the import will be retried');
      if (String(before.communityId) !== community) {
        // Neutral on purpose: the reason must not tell the importer the number is registered elsewhere.
        reject(it, 'nationalId', UNREGISTRABLE);
        continue;
      }
      if (before.departed) {
        reject(it, 'nationalId', DEPARTED);
        continue;
      }
      // Registered in this community while the import ran.
      const fields = fieldsOf(it);
      if (fingerprint(before) === fingerprint(fields)) {
        result.unchanged++;
        accept(it);
      } else update(it, before._id, fields, (before.tags ?? []).filter(isDerivedTag));
    }

    // 4. The new households some accepted row lives in, and the updates.
    const newHouseholds = [...planned.values()].filter((h) => h.used);
    const householdDocs = newHouseholds.map((h) => ({
      _id: new Types.ObjectId(h.id),
      communityId,
      gridId: h.grid?._id ?? null,
      bigGridId: h.grid?.parentId ?? null,
      ungridded: !h.grid,
      // Its building from the address: the recount that ends the import brings the building in (no point yet).
      building: buildingOf(h.address, communityName),
      address: h.address,
      registerKey: addressKey(h.address),
      createdAt: now,
      updatedAt: now,
      __v: 0,
    }));
    const [householdConflicts] = await Promise.all([
      insertReportingConflicts(m.Household.collection, householdDocs),
      (async () => {
        for (let i = 0; i < updates.length; i += UPDATES_PER_COMMAND)
          await m.Resident.bulkWrite(updates.slice(i, i + UPDATES_PER_COMMAND), { ordered: false });
      })(),
    ]);
    if (householdConflicts.length) throw new Error('households were registered while the import ran; the import will be retried');
    for (const h of newHouseholds) households.set(addressKey(h.address), { id: h.id, grid: h.grid });
    result.householdsCreated = newHouseholds.length;
    return result;
  };
}

/**
 * The reason a row whose resident this community cannot register is rejected (registered in
 * another community): it names no community and says no more than that the street office can help.
 */
export const UNREGISTRABLE =
  '该身份证号无法在本社区登记,请核实后联系街道办理 (this national ID cannot be registered in this community: check it, then ask the street office)';

/** The reason a row naming a resident on record only (moved out, died) is rejected: the register is behind. */
export const DEPARTED =
  '该居民已登记迁出或死亡,台账应删除此行 (this resident is recorded as moved out or dead: remove the row from the register)';

/** Documents per `insert` command: FerretDB writes each command as one transaction of multi-row INSERTs (100 rows each). */
const INSERTS_PER_COMMAND = 100;

/**
 * Inserts documents unordered and returns the positions a unique key refused (the document exists
 * already); any other failure is thrown. Commands of 100 documents sent side by side: FerretDB
 * turns each into multi-row INSERTs in a transaction of its own (far cheaper than an upsert per
 * document: a read and a write each), and several commands keep both of its cores busy.
 */
async function insertReportingConflicts(
  collection: { insertMany: (docs: never[], opts: { ordered: boolean }) => Promise<unknown> },
  docs: object[],
): Promise<number[]> {
  const chunks: number[] = [];
  for (let i = 0; i < docs.length; i += INSERTS_PER_COMMAND) chunks.push(i);
  const refused = await Promise.all(
    chunks.map(async (start) => {
      try {
        await collection.insertMany(docs.slice(start, start + INSERTS_PER_COMMAND) as never[], { ordered: false });
        return [];
      } catch (err) {
        const writeErrors = (err as { writeErrors?: { index: number } | { index: number }[] }).writeErrors;
        const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
        if (!list.length || !isDuplicateKeyError(err)) throw err;
        return list.map((w) => start + w.index);
      }
    }),
  );
  return refused.flat();
}
