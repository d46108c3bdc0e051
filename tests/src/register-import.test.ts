import { makeNationalId } from '@jwh/people-grids/national-id';
import { localDate, stableObjectId } from '@jwh/platform';
import ExcelJS from 'exceljs';
import mongoose from 'mongoose';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { env } from './environment.js';
import { as, stackForTests } from './harness.js';
import { gql } from '@jwh/testkit';

const stack = stackForTests();

const id = (key: string) => String(stableObjectId(key));
const community0 = id('demo:community:0');
const base = () => stack.gatewayUrl.replace('/graphql', '');
const HEADER = ['户地址', '网格', '姓名', '性别', '出生日期', '身份证号', '手机', '户籍', '标签'];
const person = (n: number, patch: Partial<Record<string, string>> = {}) => {
  const birth = `19${40 + n}-0${1 + (n % 9)}-1${n % 10}`;
  return {
    户地址: `美湖社区导入测试${Math.floor(n / 3) + 1}栋101室`,
    网格: '第1小网格',
    姓名: `导入${'甲乙丙丁戊己庚辛壬癸'[n]}`,
    性别: n % 2 ? '男' : '女',
    出生日期: birth,
    身份证号: makeNationalId('429901', birth, 100 + n),
    手机: `1390000${String(1000 + n)}`,
    户籍: '本地',
    标签: n === 0 ? '独居' : '',
    ...patch,
  };
};
const GOOD = [0, 1, 2, 3, 4, 5].map((n) => person(n));
const BAD = [
  { ...person(6), 身份证号: '429901194607160000' },
  { ...person(7), 网格: '第99小网格' },
  { ...person(8), 身份证号: GOOD[1]!.身份证号, 出生日期: GOOD[1]!.出生日期, 性别: GOOD[1]!.性别 },
  { ...person(9), 姓名: '' },
];
const csv = (rows: Record<string, string>[]) => [HEADER.join(','), ...rows.map((r) => HEADER.map((h) => r[h] ?? '').join(','))].join('\n');

async function upload(role: 'COMMUNITY_STAFF' | 'GRID_WORKER' | null, filename: string, body: string | Buffer) {
  const res = await fetch(`${base()}/uploads/people-grids?filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...(role ? as(stack, role) : {}) },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json()) as { uploadId?: string; errors?: { extensions: { code: string } }[] } };
}

const JOB = `id status rowsRead householdsCreated residentsCreated residentsUpdated residentsUnchanged rejected failure errors(first: 50) { totalCount nodes { row field reason } }`;

async function importAndWait(uploadId: string) {
  const started = await gql(
    stack.gatewayUrl,
    `mutation ($u: ID!, $c: ID!) { startRegisterImport(uploadId: $u, communityId: $c) { id status } }`,
    { u: uploadId, c: community0 },
    as(stack, 'COMMUNITY_STAFF'),
  );
  assert.equal(started.body.errors, undefined, JSON.stringify(started.body.errors));
  const jobId = started.body.data.startRegisterImport.id as string;
  for (let i = 0; i < 300; i++) {
    const { body } = await gql(
      stack.gatewayUrl,
      `query ($id: ID!) { importJob(id: $id) { ${JOB} } }`,
      { id: jobId },
      as(stack, 'COMMUNITY_STAFF'),
    );
    const job = body.data.importJob;
    if (job.status === 'DONE' || job.status === 'FAILED') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('import did not finish in 30 s');
}

const residentCount = async () =>
  (
    await gql(
      stack.gatewayUrl,
      `query ($c: ID) { residents(filter: { communityId: $c }) { totalCount } }`,
      { c: community0 },
      as(stack, 'STREET_ADMIN'),
    )
  ).body.data.residents.totalCount as number;

test('a CSV register is imported in the background: valid rows in, bad rows reported by number and reason', async () => {
  const before = await residentCount();
  const up = await upload('COMMUNITY_STAFF', '美湖台账.csv', csv([...GOOD, ...BAD]));
  assert.equal(up.status, 201, JSON.stringify(up.body));
  const job = await importAndWait(up.body.uploadId!);
  assert.equal(job.status, 'DONE', job.failure);
  assert.equal(job.rowsRead, 10);
  assert.equal(job.residentsCreated, 6);
  assert.equal(job.householdsCreated, 2);
  assert.equal(job.rejected, 4);
  // Their buildings, named by the addresses, are on the living map's list without a point (not drawn) until placed.
  const { body: map } = await gql(
    stack.gatewayUrl,
    `query ($c: ID!) { community(id: $c) { buildings { name lat lng householdCount grid { name } } } }`,
    { c: community0 },
    as(stack, 'COMMUNITY_STAFF'),
  );
  assert.deepEqual(
    map.data.community.buildings.filter((b: { name: string }) => b.name.startsWith('导入测试')),
    ['导入测试1栋', '导入测试2栋'].map((name) => ({ name, lat: null, lng: null, householdCount: 1, grid: { name: '第1小网格' } })),
  );
  assert.deepEqual(
    job.errors.nodes.map((e: { row: number; field: string }) => [e.row, e.field]),
    [
      [8, 'nationalId'],
      [9, 'grid'],
      [10, 'nationalId'],
      [11, 'name'],
    ],
  );
  assert.match(job.errors.nodes[2].reason, /第 3 行/);
  assert.equal(await residentCount(), before + 6);

  const again = await gql(
    stack.gatewayUrl,
    `mutation ($u: ID!, $c: ID!) { startRegisterImport(uploadId: $u, communityId: $c) { id } }`,
    { u: up.body.uploadId, c: community0 },
    as(stack, 'COMMUNITY_STAFF'),
  );
  assert.equal(again.body.data.startRegisterImport.id, job.id, 'one import per upload');

  const found = await gql(
    stack.gatewayUrl,
    `{ residents(filter: { namePrefix: "导入" }, first: 20) { totalCount nodes { name tags household { address grid { name } } } } }`,
    undefined,
    as(stack, 'STREET_ADMIN'),
  );
  assert.equal(found.body.data.residents.totalCount, 6);
  assert.ok(found.body.data.residents.nodes.every((r: any) => r.household.grid.name === '第1小网格'));
  // 独居 in the file is not taken: 导入甲 shares 1栋101室 with 导入乙 and 导入丙, so no one there lives alone
  // (空巢 and 独居 are derived from the household and ages, services/derived-tags.ts).
  assert.deepEqual(found.body.data.residents.nodes.find((r: any) => r.name === '导入甲').tags, []);
});

test('re-importing the same file changes nothing; an XLSX with one changed phone updates one resident', async () => {
  const before = await residentCount();
  const again = await importAndWait((await upload('COMMUNITY_STAFF', '美湖台账.csv', csv([...GOOD, ...BAD]))).body.uploadId!);
  assert.deepEqual(
    {
      created: again.residentsCreated,
      households: again.householdsCreated,
      updated: again.residentsUpdated,
      unchanged: again.residentsUnchanged,
      rejected: again.rejected,
    },
    { created: 0, households: 0, updated: 0, unchanged: 6, rejected: 4 },
  );
  assert.equal(await residentCount(), before);

  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  sheet.addRow(HEADER);
  for (const r of GOOD.map((g, i) => (i === 2 ? { ...g, 手机: '13900009999' } : g)))
    sheet.addRow(HEADER.map((h) => r[h as keyof typeof r]));
  const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
  const job = await importAndWait((await upload('COMMUNITY_STAFF', '美湖台账.xlsx', xlsx)).body.uploadId!);
  assert.deepEqual(
    {
      status: job.status,
      created: job.residentsCreated,
      updated: job.residentsUpdated,
      unchanged: job.residentsUnchanged,
      rejected: job.rejected,
    },
    {
      status: 'DONE',
      created: 0,
      updated: 1,
      unchanged: 5,
      rejected: 0,
    },
  );
});

/** Imports two rows, one good and one to be rejected: the job is done, the good row wrote one resident and one household. */
async function importOneRejected(fileName: string, rows: Record<string, string>[]) {
  const job = await importAndWait((await upload('COMMUNITY_STAFF', fileName, csv(rows))).body.uploadId!);
  assert.deepEqual(
    { status: job.status, created: job.residentsCreated, households: job.householdsCreated, rejected: job.rejected },
    { status: 'DONE', created: 1, households: 1, rejected: 1 },
  );
  return job;
}

test("a row whose grid disagrees with its household's is rejected with the reason, and writes nothing", async () => {
  const before = await residentCount();
  // The household at GOOD[0]'s address is in 第1小网格 (first test); this row says 第2小网格.
  const moved = person(20, { 姓名: '网格测试甲', 户地址: GOOD[0]!.户地址, 网格: '第2小网格' });
  const fine = person(21, { 姓名: '网格测试乙', 户地址: '美湖社区导入测试9栋101室', 网格: '第2小网格' });
  const job = await importOneRejected('网格不符.csv', [moved, fine]);
  assert.deepEqual(
    job.errors.nodes.map((e: { row: number; field: string }) => [e.row, e.field]),
    [[2, 'grid']],
  );
  assert.match(job.errors.nodes[0].reason, /第1小网格.*第2小网格.*\(.*第1小网格.*not 第2小网格/);
  assert.equal(await residentCount(), before + 1);
  const found = await gql(
    stack.gatewayUrl,
    `{ residents(filter: { namePrefix: "网格测试" }, first: 5) { totalCount nodes { name household { grid { name } } } } }`,
    undefined,
    as(stack, 'STREET_ADMIN'),
  );
  assert.deepEqual(found.body.data.residents.nodes, [{ name: '网格测试乙', household: { grid: { name: '第2小网格' } } }]);
});

test('a file without the required columns fails the import with the reason; uploads are guarded', async () => {
  const job = await importAndWait((await upload('COMMUNITY_STAFF', 'bad.csv', '姓名,手机\n王芳,13800000000\n')).body.uploadId!);
  assert.equal(job.status, 'FAILED');
  // Named as the register names them, with the English beside.
  assert.equal(job.failure, '表头缺少列: 户地址、性别、出生日期、身份证号 (missing columns: address, gender, birthDate, nationalId)');
  assert.equal((await upload('GRID_WORKER', 'a.csv', csv(GOOD))).status, 403);
  assert.equal((await upload(null, 'a.csv', csv(GOOD))).status, 401);
  assert.equal((await upload('COMMUNITY_STAFF', 'a.exe', 'x')).status, 400);
});

test("seed 003: a grid's register exports to XLSX for the 高龄津贴 check, masked unless a purpose is stated, then logged once with its count (newest first, by date)", async () => {
  const grid = id('demo:grid:0-0-0');
  const total = (
    await gql(
      stack.gatewayUrl,
      `query ($g: ID) { residents(filter: { gridId: $g }) { totalCount } }`,
      { g: grid },
      as(stack, 'GRID_WORKER'),
    )
  ).body.data.residents.totalCount;
  const read = async (role: 'GRID_WORKER' | 'COMMUNITY_STAFF', purpose?: string) => {
    const res = await fetch(
      `${base()}/exports/people-grids/grids/${grid}/register.xlsx${purpose ? `?purpose=${encodeURIComponent(purpose)}` : ''}`,
      { headers: as(stack, role) },
    );
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition') ?? '', /xlsx/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    return book.worksheets[0]!.getSheetValues().slice(1) as unknown[][];
  };
  const masked = await read('GRID_WORKER');
  assert.deepEqual(masked[0]!.slice(1, 10), HEADER);
  assert.equal(masked.length - 1, total);
  const phones = masked
    .slice(1)
    .map((r) => String(r[7] ?? ''))
    .filter(Boolean);
  assert.ok(phones.length > 0 && phones.every((p) => /^1\d{2}\*{4}\d{4}$/.test(p)));

  const revealed = await read('COMMUNITY_STAFF', '核对高龄津贴名单');
  assert.ok(revealed.slice(1).every((r) => /^\d{17}[\dX]$/.test(String(r[6]))));
  // One entry for the whole export (not one per resident), newest first, with its count.
  const today = localDate();
  const logOf = async (variables: Record<string, unknown>) =>
    gql(
      stack.gatewayUrl,
      `query ($r: ID, $from: LocalDate, $to: LocalDate) {
        piiAccessLog(first: 200, residentId: $r, from: $from, to: $to) { totalCount nodes { id kind purpose field count subject residentId } }
      }`,
      variables,
      as(stack, 'STREET_ADMIN'),
    );
  const log = (await logOf({ from: today, to: today })).body.data.piiAccessLog;
  const exports = log.nodes.filter((n: { purpose: string }) => n.purpose === '核对高龄津贴名单');
  assert.equal(exports.length, 1, JSON.stringify(log.nodes.slice(0, 3)));
  assert.deepEqual(log.nodes[0], exports[0], 'newest first');
  assert.equal(exports[0].kind, 'EXPORT');
  assert.equal(exports[0].count, total);
  assert.equal(exports[0].residentId, null);
  assert.equal(exports[0].field, 'phone,nationalId');
  assert.match(exports[0].subject, /台账导出/);
  // A resident of the grid finds the export among who has seen its data.
  const someone = (
    await gql(
      stack.gatewayUrl,
      `query ($g: ID) { residents(filter: { gridId: $g }, first: 1) { nodes { id } } }`,
      { g: grid },
      as(stack, 'GRID_WORKER'),
    )
  ).body.data.residents.nodes[0].id;
  const mine = (await logOf({ r: someone })).body.data.piiAccessLog.nodes;
  assert.ok(
    mine.some((n: { id: string }) => n.id === exports[0].id),
    'the export is in the resident’s log',
  );
  // The date filter: nothing of today's before today; a reversed range names `from`.
  const yesterday = localDate(new Date(Date.now() - 86_400_000));
  const before = (await logOf({ to: yesterday })).body.data.piiAccessLog.nodes;
  assert.ok(!before.some((n: { id: string }) => n.id === exports[0].id));
  const reversed = await logOf({ from: today, to: yesterday });
  assert.equal(reversed.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.equal(reversed.body.errors?.[0]?.extensions?.field, 'from');

  const other = await fetch(`${base()}/exports/people-grids/grids/${id('demo:grid:0-0-1')}/register.xlsx`, {
    headers: as(stack, 'GRID_WORKER'),
  });
  assert.equal(other.status, 404, 'another grid does not exist for this worker');
  // Sent byte for byte (fetch would normalise the dots away before the gateway saw them).
  for (const path of ['%2e%2e/graphql', '..%2Fgraphql', '%2E%2E/%2E%2E/graphql', 'grids/%2e%2e/%2e%2e/graphql']) {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: stack.gatewayPort,
          path: `/exports/people-grids/${path}?query=${encodeURIComponent('{ residents { totalCount } }')}`,
          headers: { ...as(stack, 'PARTNER'), 'content-type': 'application/json' },
        },
        (res) => (res.resume(), resolve(res.statusCode ?? 0)),
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 404, `${path} must not reach the subgraph's /graphql`);
  }
});

test('S10: a row of a resident registered in another community is rejected without saying so, and writes nothing', async () => {
  const { body } = await gql(
    stack.gatewayUrl,
    `query ($c: ID) { residents(first: 1, filter: { communityId: $c }) { nodes { id gender birthDate nationalId(purpose: "核对导入重复登记") } } }`,
    { c: id('demo:community:1') },
    as(stack, 'STREET_ADMIN'),
  );
  const elsewhere = body.data.residents.nodes[0] as { id: string; gender: string; birthDate: string; nationalId: string };
  const address = 'S10导入测试只此一人1号';
  const row = person(30, {
    姓名: '别社区居民',
    户地址: address,
    性别: elsewhere.gender === 'MALE' ? '男' : '女',
    出生日期: elsewhere.birthDate,
    身份证号: elsewhere.nationalId,
  });
  const fine = person(31, { 姓名: 'S10新居民', 户地址: 'S10导入测试另一户2号' });
  const job = await importOneRejected('别社区.csv', [row, fine]);
  assert.deepEqual([job.errors.nodes[0].row, job.errors.nodes[0].field], [2, 'nationalId']);
  assert.doesNotMatch(
    job.errors.nodes[0].reason,
    /其他社区|另一社区|外社区|another community|other community|elsewhere/i,
    job.errors.nodes[0].reason,
  );
  assert.match(job.errors.nodes[0].reason, /[\u4e00-\u9fff].*\(.*[a-z]/);
  const db = await mongoose.createConnection(env.MONGO_URL, { dbName: `${stack.common.MONGO_DB_PREFIX}people_grids` }).asPromise();
  try {
    assert.equal(await db.collection('households').countDocuments({ address }), 0, 'the rejected row created no household');
    const still = await db.collection('residents').findOne({ _id: new mongoose.Types.ObjectId(elsewhere.id) });
    assert.equal(String(still!.communityId), id('demo:community:1'), 'and moved nobody');
  } finally {
    await db.close();
  }
});

test('S12: a purpose containing U+0000 is BAD_USER_INPUT naming the field, in Chinese and English', async () => {
  const purpose = '核对\u0000信息';
  const resident = id('demo:resident:0');
  for (const [query, variables] of [
    [`query ($id: ID!, $p: String) { resident(id: $id) { phone(purpose: $p) } }`, { id: resident, p: purpose }],
    [`query ($id: ID!, $p: String) { resident(id: $id) { nationalId(purpose: $p) } }`, { id: resident, p: purpose }],
    [
      `query ($n: String!, $p: String!) { residentByNationalId(nationalId: $n, purpose: $p) { id } }`,
      { n: makeNationalId('429901', '1950-01-01', 7), p: purpose },
    ],
  ] as const) {
    const { body } = await gql(stack.gatewayUrl, query, variables, as(stack, 'COMMUNITY_STAFF'));
    assert.equal(body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(body.errors));
    assert.equal(body.errors?.[0]?.extensions?.field, 'purpose');
    assert.match(body.errors![0]!.message, /[\u4e00-\u9fff].*\(state the purpose/);
  }
  const res = await fetch(
    `${base()}/exports/people-grids/grids/${id('demo:grid:0-0-0')}/register.xlsx?purpose=${encodeURIComponent(purpose)}`,
    { headers: as(stack, 'COMMUNITY_STAFF') },
  );
  assert.equal(res.status, 400);
  assert.match(await res.text(), /purpose/);
});
