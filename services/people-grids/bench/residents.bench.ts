// `npm run bench`: resident search, birthdays and nearest facilities on a generated data set of
// 100,000 residents (`--residents 1000000` for a million) and 10,000 facilities, plus a streamed
// register import (`--import-rows`, default 5,000: on FerretDB every batch lookup scans the
// collection). Prints a table; it is a measurement, not a test.
import { localDate, stableObjectId } from '@jwh/platform';
import { identityHeaders, gql, testOverrides } from '@jwh/testkit';
import { parseArgs } from 'node:util';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startPeopleGrids } from '../src/app.js';
import { loadEnvironment } from '../src/environment.js';
import { makeNationalId } from '../src/services/national-id.js';
import { runRegisterImport, uploadsBucket } from '../src/services/register-import.service.js';
import { insertGenerated } from '../src/seed/demo-data.js';
import { FULL, generate } from '../src/seed/generator.js';

const { values } = parseArgs({
  options: {
    residents: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '30' },
    'import-rows': { type: 'string', default: '5000' },
  },
});
const target = Number(values.residents);
const rounds = Number(values.rounds);
const HOUSEHOLDS_PER_GRID = 330;
const perCommunity = 9 * HOUSEHOLDS_PER_GRID * 2.55;
const communities = Math.max(1, Math.round(target / perCommunity));

const env = loadEnvironment(testOverrides({ SEED_DEMO: 'false', LOG_LEVEL: 'warn', MONGO_DB_PREFIX: `bench${Date.now().toString(36)}_` }));
const sg = await startPeopleGrids(env);
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
const rows: [string, string][] = [];
try {
  let t = process.hrtime.bigint();
  const data = generate({
    ...FULL,
    today: localDate(),
    facilitiesPerCommunity: Math.ceil(10_000 / communities),
    communities: Array.from({ length: communities }, (_, i) => ({
      name: `基准${i + 1}社区`,
      bigGrids: 3,
      smallPerBig: 3,
      households: [300, 360] as [number, number],
    })),
  });
  rows.push([
    'generate',
    `${data.residents.length} residents, ${data.households.length} households, ${data.facilities.length} facilities in ${ms(t).toFixed(0)} ms`,
  ]);
  t = process.hrtime.bigint();
  await insertGenerated(sg.models, data, new (await import('@jwh/platform')).PiiCipher(env.PII_ENCRYPTION_KEY, env.PII_HASH_KEY));
  rows.push(['insert', `${(ms(t) / 1000).toFixed(1)} s (${Math.round(data.residents.length / (ms(t) / 1000))} residents/s)`]);
  process.stderr.write(`insert: ${rows.at(-1)![1]}\n`);

  const communityIds = data.communities.map((c) => String(c._id));
  // The gateway signs an identity per request (valid 60 s); so does the benchmark.
  const headers = () => identityHeaders({ role: 'STREET_ADMIN', communityIds }, env);
  const c0 = communityIds[0]!;
  const run = async (label: string, query: string, variables?: Record<string, unknown>) => {
    const times: number[] = [];
    let sample = '';
    for (let i = 0; i < rounds; i++) {
      const s = process.hrtime.bigint();
      const { body } = await gql(sg.url, query, variables, await headers());
      times.push(ms(s));
      if (body.errors) throw new Error(`${label}: ${JSON.stringify(body.errors)}`);
      sample = JSON.stringify(body.data).slice(0, 60);
    }
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
    rows.push([label, `p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms  ${sample}`]);
    process.stderr.write(`${label}: ${rows.at(-1)![1]}\n`);
  };
  await run('residents by name prefix (first 20)', `{ residents(first: 20, filter: { namePrefix: "王" }) { nodes { id name } } }`);
  await run('… with totalCount', `{ residents(first: 20, filter: { namePrefix: "王" }) { totalCount nodes { id name } } }`);
  await run(
    'residents by tag + community + totalCount',
    `query ($c: ID) { residents(first: 50, filter: { tag: LOW_INCOME, communityId: $c }) { totalCount nodes { id } } }`,
    { c: c0 },
  );
  await run('residents by elder tier 80+ (first 50)', `{ residents(first: 50, filter: { elderTier: AGE_80 }) { nodes { id age } } }`);
  await run(
    'residents page with household, grid, workers (100)',
    `{ residents(first: 100) { nodes { name household { address grid { name workers { name } } } } } }`,
  );
  await run(
    'birthdays next 7 days, one community',
    `query ($c: ID!) { upcomingBirthdays(communityId: $c, days: 7, first: 50) { totalCount nodes { date turningAge } } }`,
    { c: c0 },
  );
  await run(
    'birthdays next 30 days, tier 70, one community',
    `query ($c: ID!) { upcomingBirthdays(communityId: $c, days: 30, tier: AGE_70, first: 50) { totalCount nodes { date } } }`,
    { c: c0 },
  );
  await run(
    'nearest 5 fire hydrants (10k facilities)',
    `{ nearestFacilities(type: FIRE_HYDRANT, lat: 30.55, lng: 114.35, first: 5) { distanceMeters } }`,
  );
  await run(
    'nearest 5 medical stations, far away',
    `{ nearestFacilities(type: MEDICAL_STATION, lat: 31.2, lng: 121.5, first: 5) { distanceMeters } }`,
  );

  // A streamed register import of `import-rows` rows: time and peak memory.
  const importRows = Number(values['import-rows']);
  if (importRows > 0) {
    const header = '户地址,网格,姓名,性别,出生日期,身份证号,手机,户籍,标签\n';
    async function* csv() {
      yield header;
      for (let i = 0; i < importRows; i++) {
        const birth = `19${String(30 + (i % 70)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 9}`;
        yield `导入楼${Math.floor(i / 3)}号,第1小网格,导入${i},${i % 2 ? '男' : '女'},${birth},${makeNationalId(`43${String(Math.floor(i / 500) % 10_000).padStart(4, '0')}`, birth, (i % 500) * 2)},,本地,\n`;
      }
    }
    const upload = uploadsBucket(sg.conn).openUploadStream('bench.csv', { metadata: { by: 'bench', format: 'CSV' } });
    await pipeline(Readable.from(csv()), upload);
    const job = await sg.models.ImportJob.create({
      uploadId: upload.id,
      communityId: stableObjectId('demo:community:0'),
      format: 'CSV',
      requestedBy: 'bench',
    });
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const before = process.memoryUsage().rss;
    t = process.hrtime.bigint();
    const counts = await runRegisterImport(
      sg.conn,
      sg.models,
      new (await import('@jwh/platform')).PiiCipher(env.PII_ENCRYPTION_KEY, env.PII_HASH_KEY),
      String(job._id),
      sg.logger,
    );
    clearInterval(sampler);
    rows.push([
      `import ${importRows} CSV rows (streamed)`,
      `${(ms(t) / 1000).toFixed(1)} s (${Math.round(importRows / (ms(t) / 1000))} rows/s), created ${counts.residentsCreated}, rss ${Math.round(before / 2 ** 20)} → peak ${Math.round(peak / 2 ** 20)} MiB`,
    ]);
  }
} finally {
  await sg.conn.dropDatabase();
  await sg.stop();
}
const width = Math.max(...rows.map(([k]) => k.length));
process.stdout.write(`\npeople-grids benchmark (${target} residents target, ${rounds} rounds each)\n`);
for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(width)}  ${v}\n`);
process.exit(0);
