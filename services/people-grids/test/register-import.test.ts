import { PiiCipher, describeFilter, engineOf, stableObjectId } from '@jwh/platform';
import { subgraphUnderTest } from '@jwh/testkit';
import ExcelJS from 'exceljs';
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { test } from 'node:test';
import { startPeopleGrids } from '../src/app.js';
import { loadEnvironment } from '../src/environment.js';
import { makeNationalId } from '../src/services/national-id.js';
import { registerRows, runRegisterImport, uploadsBucket } from '../src/services/register-import.service.js';
import { REGISTER_HEADER, householdIdFor, residentIdFor } from '../src/services/register-row.js';

// The columns as exportRegister writes them (and the import reads them).
assert.deepEqual(REGISTER_HEADER, ['户地址', '网格', '姓名', '性别', '出生日期', '身份证号', '手机', '户籍', '标签']);

const t = subgraphUnderTest(loadEnvironment, startPeopleGrids);
const cipher = () => new PiiCipher(t.env.PII_ENCRYPTION_KEY, t.env.PII_HASH_KEY);
const community0 = stableObjectId('demo:community:0');
const community1 = stableObjectId('demo:community:1');

const COLUMNS = ['户地址', '网格', '姓名', '性别', '出生日期', '身份证号', '手机', '户籍', '标签'] as const;
type Row = Record<(typeof COLUMNS)[number], string>;
const person = (n: number, patch: Partial<Row> = {}): Row => {
  const birth = `19${String(30 + (n % 60)).padStart(2, '0')}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
  return {
    户地址: `键路${Math.floor(n / 2) + 1}号`,
    网格: '第1小网格',
    姓名: `键${n}`,
    性别: n % 2 ? '男' : '女',
    出生日期: birth,
    身份证号: makeNationalId('429902', birth, 200 + n),
    手机: '',
    户籍: '本地',
    标签: '',
    ...patch,
  };
};
const csv = (rows: Row[]) => [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((h) => r[h]).join(','))].join('\n');

/** Uploads a register and runs the import as the worker does; returns the counts and the rejected rows. */
async function importRegister(body: string | Buffer, format: 'CSV' | 'XLSX' = 'CSV', communityId = community0) {
  const m = t.sg.models;
  const upload = uploadsBucket(t.sg.conn).openUploadStream(`register.${format.toLowerCase()}`, { metadata: { by: 'test', format } });
  await new Promise((resolve, reject) => upload.once('finish', resolve).once('error', reject).end(body));
  const job = await m.ImportJob.create({ uploadId: upload.id, communityId, format, requestedBy: 'test' });
  const counts = await runRegisterImport(t.sg.conn, m, cipher(), String(job._id), t.sg.logger);
  const errors = await m.ImportError.find({ jobId: job._id }, { _id: 0, row: 1, field: 1, reason: 1 }).lean().exec();
  return { counts, errors: errors.sort((a, b) => a.row - b.row) };
}

/** The commands sent while `fn` runs: name, collection and filter shape (fields and operators only). */
async function commandsOf<T>(fn: () => Promise<T>) {
  const seen: { name: string; collection: string; statements: number; equality: string[]; other: string[] }[] = [];
  const listen = (e: { commandName: string; command: Record<string, unknown> }) => {
    if (!['find', 'update', 'insert', 'delete', 'aggregate', 'count'].includes(e.commandName)) return;
    const collection = String(e.command[e.commandName]);
    const filters =
      e.commandName === 'find'
        ? [e.command.filter as Record<string, unknown>]
        : e.commandName === 'update'
          ? (e.command.updates as { q: Record<string, unknown> }[]).map((u) => u.q)
          : e.commandName === 'delete'
            ? (e.command.deletes as { q: Record<string, unknown> }[]).map((d) => d.q)
            : [{}];
    for (const f of filters) seen.push({ name: e.commandName, collection, statements: filters.length, ...describeFilter(f ?? {}) });
  };
  const client = t.sg.conn.getClient();
  client.on('commandStarted', listen);
  try {
    return { result: await fn(), commands: seen };
  } finally {
    client.off('commandStarted', listen);
  }
}

/** A demo household of community 0 with its residents as a register would list them (ID numbers unsealed). */
async function demoHousehold(n: number) {
  const m = t.sg.models;
  const household = await m.Household.findById(stableObjectId(`demo:household:${n}`))
    .lean()
    .exec();
  assert.ok(household, `demo household ${n}`);
  const grid = await m.Grid.findById(household.gridId).lean().exec();
  const residents = await m.Resident.find({ householdId: household._id }).lean().exec();
  const rows = residents.map((r): Row => ({
    户地址: household.address,
    网格: grid!.name,
    姓名: r.name,
    性别: r.gender === 'MALE' ? '男' : '女',
    出生日期: r.birthDate,
    身份证号: cipher().decrypt(r.nationalIdEnc),
    手机: r.phone ?? '',
    户籍: r.hukou === 'LOCAL' ? '本地' : '外地',
    标签: r.tags.join(','),
  }));
  return { household, grid: grid!, residents, rows };
}

const residentTotal = () => t.sg.models.Resident.estimatedDocumentCount();

test('a register creates households and residents under ids derived from their keys; the same file again reads and writes nothing row by row', async () => {
  const m = t.sg.models;
  const rows = [0, 1, 2, 3, 4].map((n) => person(n, { 标签: n === 0 ? '独居' : '' }));
  const first = await importRegister(csv(rows));
  assert.deepEqual(first.errors, []);
  assert.deepEqual(
    { ...first.counts },
    { rowsRead: 5, householdsCreated: 3, residentsCreated: 5, residentsUpdated: 0, residentsUnchanged: 0, rejected: 0 },
  );

  const household = await m.Household.findById(householdIdFor(community0, rows[0]!.户地址)).lean().exec();
  assert.ok(household, 'the household _id is derived from the community and the address');
  assert.equal(household.registerKey, '键路1号');
  assert.equal(String(household.gridId), String(stableObjectId('demo:grid:0-0-0')));
  const resident = await m.Resident.findById(residentIdFor(cipher().hash(rows[0]!.身份证号)))
    .lean()
    .exec();
  assert.ok(resident, 'the resident _id is derived from the keyed hash of the ID number');
  assert.equal(String(resident.householdId), String(household._id));
  assert.deepEqual(
    {
      name: resident.name,
      birthYear: resident.birthYear,
      nameInitial: resident.nameInitial,
      birthMonthDay: resident.birthMonthDay,
      tags: resident.tags,
      gridId: String(resident.gridId),
    },
    // 独居 in the file is not taken: 键0 and 键1 (both over 90) share the address, an empty nest (derived-tags.ts).
    { name: '键0', birthYear: 1930, nameInitial: '键', birthMonthDay: '01-01', tags: ['EMPTY_NEST'], gridId: String(household.gridId) },
  );
  assert.equal(cipher().decrypt(resident.nationalIdEnc), rows[0]!.身份证号);

  const before = await residentTotal();
  const { result: again, commands } = await commandsOf(() => importRegister(csv(rows)));
  assert.deepEqual(
    { ...again.counts },
    { rowsRead: 5, householdsCreated: 0, residentsCreated: 0, residentsUpdated: 0, residentsUnchanged: 5, rejected: 0 },
  );
  assert.equal(await residentTotal(), before);
  const people = commands.filter((c) => c.collection === 'residents' || c.collection === 'households');
  assert.deepEqual(
    people.filter((c) => c.name !== 'find'),
    [],
    'an unchanged register writes no resident or household',
  );
  if (engineOf(t.sg.conn) !== 'mongodb') {
    // Each a pushed-down equality: no `$in`, range or regex that FerretDB would run over the whole collection.
    for (const c of people) assert.deepEqual(c.other, [], `${c.name} ${c.collection} ${JSON.stringify(c)}`);
  }
});

test('residents and households from before derived ids are found, whatever the spelling of the address', async () => {
  const m = t.sg.models;
  const demo = await demoHousehold(0);
  assert.ok(demo.rows.length >= 2);
  // Full-width digits and a space: the same household by its address key.
  const respelt = demo.household.address.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).replace('栋', '栋 ');
  assert.notEqual(respelt, demo.household.address);
  const before = await residentTotal();
  const households = await m.Household.estimatedDocumentCount();
  const same = await importRegister(csv(demo.rows.map((r) => ({ ...r, 户地址: respelt }))));
  assert.deepEqual(same.errors, []);
  assert.deepEqual(
    { created: same.counts.residentsCreated, households: same.counts.householdsCreated, unchanged: same.counts.residentsUnchanged },
    { created: 0, households: 0, unchanged: demo.rows.length },
  );
  assert.equal(await residentTotal(), before);
  assert.equal(await m.Household.estimatedDocumentCount(), households);

  const changed = await importRegister(csv(demo.rows.map((r, i) => (i === 0 ? { ...r, 手机: '13900001111' } : r))));
  assert.deepEqual(
    { updated: changed.counts.residentsUpdated, unchanged: changed.counts.residentsUnchanged },
    { updated: 1, unchanged: demo.rows.length - 1 },
  );
  const updated = await m.Resident.findById(demo.residents[0]!._id).lean().exec();
  assert.equal(updated!.phone, '13900001111', 'updated in place, under its old _id');
  assert.equal(await residentTotal(), before);
});

test("a row whose grid disagrees with its household's is rejected with the reason, and writes nothing", async () => {
  const m = t.sg.models;
  const demo = await demoHousehold(1);
  assert.equal(demo.grid.name, '第1小网格');
  const newcomer = person(40, { 户地址: demo.household.address, 网格: '第2小网格' });
  const before = await residentTotal();
  const { counts, errors } = await importRegister(
    csv([
      newcomer,
      person(41, { 户地址: '键路新1号', 网格: '第3小网格' }),
      person(42, { 户地址: '键路新1号', 网格: '第4小网格' }),
      person(43, { 户地址: '键路新1号', 网格: '' }),
      person(44, { 户地址: demo.household.address, 网格: '' }),
    ]),
  );
  assert.deepEqual(
    errors.map((e) => [e.row, e.field]),
    [
      [2, 'grid'],
      [4, 'grid'],
    ],
  );
  assert.match(errors[0]!.reason, /已在第1小网格.*第2小网格.*\(.*not 第2小网格/);
  assert.match(errors[1]!.reason, /第 3 行.*第3小网格.*\(row 3 .*not 第4小网格/);
  assert.deepEqual(
    { created: counts.residentsCreated, households: counts.householdsCreated, rejected: counts.rejected },
    { created: 3, households: 1, rejected: 2 },
  );
  assert.equal(await residentTotal(), before + 3);
  assert.equal(
    await m.Resident.findById(residentIdFor(cipher().hash(newcomer.身份证号)))
      .lean()
      .exec(),
    null,
    'the rejected row wrote nothing',
  );
  const fresh = await m.Household.findById(householdIdFor(community0, '键路新1号')).lean().exec();
  assert.equal(
    String(fresh!.gridId),
    String(stableObjectId('demo:grid:0-0-2')),
    'a new household takes the first grid its rows name (第3小网格)',
  );
  const joined = await m.Resident.findById(residentIdFor(cipher().hash(person(44).身份证号)))
    .lean()
    .exec();
  assert.equal(String(joined!.gridId), String(demo.household.gridId), 'a row without a grid joins the household in its grid');
});

test('a resident registered in another community is rejected, and a household only that row named is not created', async () => {
  const m = t.sg.models;
  const other = await m.Resident.findOne({ communityId: community1 }).lean().exec();
  assert.ok(other);
  const row = person(60, {
    户地址: '键路只此一人1号',
    姓名: other.name,
    性别: other.gender === 'MALE' ? '男' : '女',
    出生日期: other.birthDate,
    身份证号: cipher().decrypt(other.nationalIdEnc),
  });
  const { counts, errors } = await importRegister(csv([row, person(61)]));
  assert.deepEqual(
    errors.map((e) => [e.row, e.field]),
    [[2, 'nationalId']],
  );
  assert.doesNotMatch(errors[0]!.reason, /其他社区|another community/, 'the reason does not tell where the resident is registered');
  assert.deepEqual({ created: counts.residentsCreated, rejected: counts.rejected }, { created: 1, rejected: 1 });
  assert.equal(await m.Household.findById(householdIdFor(community0, '键路只此一人1号')).lean().exec(), null);
  const still = await m.Resident.findById(other._id).lean().exec();
  assert.equal(String(still!.communityId), String(community1));
});

test(
  'more changed residents than FerretDB has pooled connections are updated (updates go in small commands)',
  { timeout: 180_000 },
  async () => {
    const m = t.sg.models;
    const demo = [];
    for (let i = 10; i < 60; i++) demo.push(await demoHousehold(i));
    const rows = demo.flatMap((d) => d.rows).map((r, i) => ({ ...r, 手机: `1390000${String(2000 + i).padStart(4, '0')}` }));
    assert.ok(rows.length > 60, `${rows.length} rows`);
    const { result, commands } = await commandsOf(() => importRegister(csv(rows)));
    assert.equal(result.counts.residentsUpdated, rows.length);
    const updates = commands.filter((c) => c.name === 'update' && c.collection === 'residents');
    assert.equal(updates.length, rows.length);
    assert.ok(
      Math.max(...updates.map((c) => c.statements)) <= 16,
      'each update command well below the 50 connections of the FerretDB pool',
    );
    const phones = await m.Resident.find({ householdId: demo[0]!.household._id }, { phone: 1 }).lean().exec();
    assert.ok(phones.every((p) => p.phone?.startsWith('1390000')));
  },
);

test("XLSX text stays whole across the reader's chunk boundaries (inline and shared strings)", async () => {
  for (const useSharedStrings of [false, true]) {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings, useStyles: false });
    const sheet = writer.addWorksheet('台账');
    sheet.addRow([...COLUMNS]).commit();
    const written: string[][] = [];
    for (let n = 0; n < 3_000; n++) {
      const r = person(n, {
        户地址: `湖北省武汉市武昌区东湖街道美湖社区${n}栋`,
        姓名: `欧阳${'甲乙丙丁戊己庚辛壬癸'[n % 10]}${'春夏秋冬'[n % 4]}`,
        户籍: n % 3 ? '本地' : '外地',
        标签: n % 5 ? '' : '独居、低保',
      });
      const values = COLUMNS.map((h) => r[h]);
      written.push(values);
      sheet.addRow(values).commit();
    }
    sheet.commit();
    await writer.commit();
    const read: string[][] = [];
    for await (const { record } of registerRows(Readable.from(chunks), 'XLSX')) {
      read.push(
        [
          record.address,
          record.grid,
          record.name,
          record.gender,
          record.birthDate,
          record.nationalId,
          record.phone,
          record.hukou,
          record.tags,
        ].map((v) => v ?? ''),
      );
    }
    assert.equal(read.length, written.length);
    const garbled = read.findIndex((r) => r.some((v) => v.includes('\uFFFD')));
    assert.equal(garbled, -1, `row ${garbled + 2} garbled (shared strings: ${useSharedStrings}): ${read[garbled]?.join(' ')}`);
    assert.deepEqual(read, written);
  }
});
