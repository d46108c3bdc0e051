// `npm run bench -- register-import` (B5): a `--rows` (default 100,000) row XLSX register, written
// with exceljs's streaming writer straight into GridFS, imported as the worker's job does
// (runRegisterImport), then imported again from a second upload of the same file (every resident
// unchanged). Reports rows/s and peak RSS (process.memoryUsage().rss sampled every 50 ms) and
// rewrites the B5 section of docs/benchmarks.md. A measurement, not a test.
//
// The community is a small generated one (9 small grids, demo ids): its existing residents are in
// the register too (`--existing`, default on), so the import meets rows it must find by the
// pre-existing lookups (random or demo ids) as well as new ones.
import {
  PiiCipher,
  connectMongo,
  createLogger,
  createMetrics,
  ensureIndexes,
  engineOf,
  localDate,
  writeBenchmarkSection,
} from '@jwh/platform';
import { benchEnv, testOverrides } from '@jwh/testkit';
import ExcelJS from 'exceljs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Connection } from 'mongoose';
import { loadEnvironment } from '../src/environment.js';
import { registerModels } from '../src/models/index.js';
import { makeNationalId } from '../src/services/national-id.js';
import { runRegisterImport, uploadsBucket, type ImportPhase } from '../src/services/register-import.service.js';
import { REGISTER_HEADER } from '../src/services/register-row.js';
import { insertGenerated } from '../src/seed/demo-data.js';
import { FULL, generate } from '../src/seed/generator.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    existing: { type: 'boolean', default: true },
    'no-existing': { type: 'boolean', default: false },
    write: { type: 'boolean', default: true },
    'no-write': { type: 'boolean', default: false },
    log: { type: 'string', default: 'warn' },
    runs: { type: 'string', default: '3' },
  },
});
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs must be a positive integer');
const ROWS = Number(values.rows);
const WITH_EXISTING = values.existing && !values['no-existing'];
const WRITE = values.write && !values['no-write'];
if (!Number.isInteger(ROWS) || ROWS < 1) throw new Error('--rows must be a positive integer');

// What scripts/bench.mjs passes (the engines it provisioned and how it described them).
const bench = benchEnv();
const env = loadEnvironment(testOverrides({ SEED_DEMO: 'false', LOG_LEVEL: 'warn', MONGO_DB_PREFIX: `bench${Date.now().toString(36)}_` }));
const logger = createLogger('register-import-bench', values.log!);
const cipher = new PiiCipher(env.PII_ENCRYPTION_KEY, env.PII_HASH_KEY);
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
const say = (line: string) => process.stderr.write(`[B5] ${line}\n`);
const loadStart = loadavg()[0]!.toFixed(1);

type Phase = 'load' | ImportPhase;
interface Run {
  label: string;
  seconds: number;
  rowsPerSecond: number;
  /** Seconds of each phase: reading the community, the rows, the grid recount. */
  phases: Record<Phase, number>;
  rssBefore: number;
  rssPeak: number;
  /** Peak RSS while the rows stream through (the recount's own pass over the community left out). */
  rssRowsPeak: number;
  /** Peak V8 heap in use during the rows phase (garbage not yet collected included). */
  heapRowsPeak: number;
  /** Live heap (after a full GC) as the rows phase starts and as it ends: what the import holds. */
  liveRowsStart: number;
  liveRowsEnd: number;
  /** RSS at 10 % and 90 % of the rows phase: equal when memory stays flat as rows stream through. */
  rssEarly: number;
  rssLate: number;
  counts: Awaited<ReturnType<typeof runRegisterImport>>;
}

/** One round on a database of its own: the community, the register, the import, the same file again. */
async function round(r: number): Promise<{ first: Run; second: Run; existing: number; problems: string[]; engine: string; kind: string }> {
  const conn = await connectMongo({
    url: env.MONGO_URL,
    dbName: `${env.MONGO_DB_PREFIX}r${r}_people_grids`,
    logger,
    metrics: createMetrics('bench'),
  });
  const models = registerModels(conn);
  await ensureIndexes(conn);
  try {
    // One generated community (demo ids), 9 small grids of 60 households: the register's community.
    const data = generate({
      ...FULL,
      today: localDate(),
      facilitiesPerCommunity: 0,
      communities: [{ name: '基准社区', bigGrids: 3, smallPerBig: 3, households: [60, 60] }],
    });
    await insertGenerated(models, data, cipher);
    const communityId = data.communities[0]!._id;
    const gridNames = data.grids.filter((g) => g.level === 'SMALL').map((g) => g.name);
    const gridOf = new Map(data.grids.map((g) => [String(g._id), g.name]));
    const householdOf = new Map(data.households.map((h) => [String(h._id), h]));
    const existing = WITH_EXISTING ? data.residents.slice(0, Math.min(data.residents.length, Math.floor(ROWS / 10))) : [];
    say(
      `${data.households.length} households and ${data.residents.length} residents already in the community; ${existing.length} of them in the register`,
    );

    // The register: existing residents as they are (unchanged), then new ones, 2–3 a household.
    const t = process.hrtime.bigint();
    const upload = uploadsBucket(conn).openUploadStream('B5台账.xlsx', { metadata: { by: 'bench', format: 'XLSX' } });
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: upload, useSharedStrings: false, useStyles: false });
    const sheet = writer.addWorksheet('台账');
    sheet.addRow(REGISTER_HEADER).commit();
    const TAGS = ['', '', '', '', '', '', '独居', '低保', '空巢,独居', '残疾'];
    for (const r of existing) {
      const h = householdOf.get(String(r.householdId))!;
      const tags = (r.tags as string[]).join(',');
      sheet
        .addRow([
          h.address,
          gridOf.get(String(r.gridId)),
          r.name,
          r.gender === 'MALE' ? '男' : '女',
          r.birthDate,
          r.nationalId,
          r.phone ?? '',
          r.hukou === 'LOCAL' ? '本地' : '外地',
          tags,
        ])
        .commit();
    }
    for (let i = 0; i < ROWS - existing.length; i++) {
      const household = Math.floor(i / 2.5);
      const building = Math.floor(household / 24) + 1;
      const unit = 1 + Math.floor((household % 24) / 8);
      const room = `${Math.floor((household % 8) / 2) + 1}0${(household % 2) + 1}`;
      const birth = `${1930 + (i % 90)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      const male = i % 2 === 1;
      sheet
        .addRow([
          `基准社区新${building}栋${unit}单元${room}室`,
          gridNames[Math.floor(building / 3) % gridNames.length],
          `基准${i}`,
          male ? '男' : '女',
          birth,
          makeNationalId(`43${String(Math.floor(i / 500) % 10_000).padStart(4, '0')}`, birth, (i % 500) * 2 + (male ? 1 : 0)),
          i % 5 === 0 ? '' : `139${String(i).padStart(8, '0')}`,
          i % 4 === 0 ? '外地' : '本地',
          TAGS[i % TAGS.length],
        ])
        .commit();
    }
    sheet.commit();
    await writer.commit();
    await new Promise((resolve, reject) =>
      upload.writableFinished ? resolve(null) : upload.once('finish', resolve).once('error', reject),
    );
    say(`wrote a ${ROWS}-row XLSX into GridFS in ${(ms(t) / 1000).toFixed(1)} s`);

    // A second upload of the same bytes (one import per upload).
    const again = uploadsBucket(conn).openUploadStream('B5台账-again.xlsx', { metadata: { by: 'bench', format: 'XLSX' } });
    await pipeline(uploadsBucket(conn).openDownloadStream(upload.id), again);

    const run = async (label: string, uploadId: typeof upload.id): Promise<Run> => {
      const job = await models.ImportJob.create({ uploadId, communityId, format: 'XLSX', requestedBy: 'bench' });
      (globalThis as { gc?: () => void }).gc?.();
      const rssBefore = process.memoryUsage().rss;
      const samples: { phase: Phase; rss: number; heap: number }[] = [];
      let phase: Phase = 'load';
      const phaseStarted: Record<Phase, bigint> = { load: process.hrtime.bigint(), rows: 0n, recount: 0n };
      const sample = () => {
        const mem = process.memoryUsage();
        samples.push({ phase, rss: mem.rss, heap: mem.heapUsed });
      };
      const sampler = setInterval(sample, 50);
      const gc = (globalThis as { gc?: () => void }).gc;
      const live = { rows: 0, recount: 0 };
      const progress = setInterval(async () => {
        const p = await models.ImportJob.findById(job._id, { rowsRead: 1 }).lean().exec();
        say(`${label}: ${phase}, ${p?.rowsRead ?? 0} rows, rss ${mib(process.memoryUsage().rss)} MiB`);
      }, 10_000);
      try {
        const counts = await runRegisterImport(conn, models, cipher, String(job._id), logger, (next) => {
          sample();
          // A full collection at each phase change (some 100 ms, counted in the phase that ends).
          gc?.();
          live[next] = process.memoryUsage().heapUsed;
          phase = next;
          phaseStarted[next] = process.hrtime.bigint();
        });
        sample();
        const end = process.hrtime.bigint();
        const secs = (from: bigint, to: bigint) => (from && to ? Number(to - from) / 1e9 : 0);
        const phases = {
          load: secs(phaseStarted.load, phaseStarted.rows),
          rows: secs(phaseStarted.rows, phaseStarted.recount || end),
          recount: phaseStarted.recount ? secs(phaseStarted.recount, end) : 0,
        };
        const seconds = secs(phaseStarted.load, end);
        const rows = samples.filter((x) => x.phase === 'rows');
        const at = (share: number) => rows[Math.min(rows.length - 1, Math.floor(share * rows.length))]?.rss ?? 0;
        const result: Run = {
          label,
          seconds,
          rowsPerSecond: Math.round(ROWS / seconds),
          phases,
          rssBefore,
          rssPeak: Math.max(rssBefore, ...samples.map((x) => x.rss)),
          rssRowsPeak: Math.max(0, ...rows.map((x) => x.rss)),
          heapRowsPeak: Math.max(0, ...rows.map((x) => x.heap)),
          liveRowsStart: live.rows,
          liveRowsEnd: live.recount,
          rssEarly: at(0.1),
          rssLate: at(0.9),
          counts,
        };
        say(
          `${label}: ${seconds.toFixed(1)} s (${JSON.stringify(phases)}), ${result.rowsPerSecond} rows/s, rss ${mib(rssBefore)} → peak ${mib(result.rssPeak)} MiB; ${JSON.stringify(counts)}`,
        );
        return result;
      } finally {
        clearInterval(sampler);
        clearInterval(progress);
      }
    };
    const first = await run('first import', upload.id);
    const second = await run('same file again', again.id);
    const expected = { rowsRead: ROWS, residentsCreated: ROWS - existing.length, residentsUnchanged: existing.length, rejected: 0 };
    const problems = [
      ...Object.entries(expected)
        .filter(([k, v]) => first.counts[k as keyof Run['counts']] !== v)
        .map(([k, v]) => `first ${k} ${first.counts[k as keyof Run['counts']]} ≠ ${v}`),
      ...(second.counts.residentsUnchanged !== ROWS ||
      second.counts.householdsCreated ||
      second.counts.residentsCreated ||
      second.counts.residentsUpdated
        ? [`second import not all unchanged: ${JSON.stringify(second.counts)}`]
        : []),
    ];
    const community = await models.Community.findById(communityId, { residentCount: 1, householdCount: 1 }).lean().exec();
    if (community?.residentCount !== data.residents.length + ROWS - existing.length)
      problems.push(`community residentCount ${community?.residentCount} after the recount`);
    return { first, second, existing: existing.length, problems, engine: await engineDetails(conn), kind: engineOf(conn) };
  } finally {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  }
}

const rounds: Awaited<ReturnType<typeof round>>[] = [];
for (let r = 1; r <= RUNS; r++) {
  say(`round ${r} of ${RUNS}`);
  rounds.push(await round(r));
}
/** The run of median duration among the rounds (the table shows it whole; rows/s of every round beside it). */
const median = (pick: (x: (typeof rounds)[number]) => Run) =>
  [...rounds.map(pick)].sort((a, b) => a.seconds - b.seconds)[Math.floor(rounds.length / 2)]!;
const first = median((x) => x.first);
const second = median((x) => x.second);
const problems = rounds.flatMap((x, i) => x.problems.map((p) => `round ${i + 1}: ${p}`));
const existing = { length: rounds[0]!.existing };
const engine = rounds[0]!.engine;
const header =
  '| rows | import | seconds (reading the community + rows + grid recount) | rows/s | rows/s of each round | RSS before → peak (MiB) | rows phase: RSS peak, at 10 % / 90 % (MiB) | rows phase: heap used peak; live heap start → end (MiB) | households created | residents created / updated / unchanged | rejected |';
const rule = '| ---: | --- | --- | ---: | --- | --- | --- | --- | ---: | --- | ---: |';
const line = (r: Run, each: number[]) =>
  `| ${ROWS.toLocaleString('en')} | ${r.label} | ${r.seconds.toFixed(1)} (${r.phases.load.toFixed(1)} + ${r.phases.rows.toFixed(1)} + ${r.phases.recount ? r.phases.recount.toFixed(1) : 'skipped'}) | ${r.rowsPerSecond.toLocaleString('en')} | ${each.map((n) => n.toLocaleString('en')).join(' · ')} | ${mib(r.rssBefore)} → ${mib(r.rssPeak)} | ${mib(r.rssRowsPeak)}, ${mib(r.rssEarly)} / ${mib(r.rssLate)} | ${mib(r.heapRowsPeak)}; ${mib(r.liveRowsStart)} → ${mib(r.liveRowsEnd)} | ${r.counts.householdsCreated} | ${r.counts.residentsCreated} / ${r.counts.residentsUpdated} / ${r.counts.residentsUnchanged} | ${r.counts.rejected} |`;
const goal = Math.min(first.rowsPerSecond, second.rowsPerSecond) >= 2_000 ? 'met' : 'missed';
const table = [
  header,
  rule,
  line(
    first,
    rounds.map((x) => x.first.rowsPerSecond),
  ),
  line(
    second,
    rounds.map((x) => x.second.rowsPerSecond),
  ),
].join('\n');
process.stdout.write(`\n${table}\n`);
if (problems.length) process.stdout.write(`\nB5 check failed: ${problems.join('; ')}\n`);

if (WRITE) {
  const section = [
    `A ${ROWS.toLocaleString('en')}-row XLSX register (exceljs streaming writer into GridFS; ${existing.length.toLocaleString('en')} rows are residents already in the`,
    `community under demo ids, the rest new, 2–3 a household) imported as the worker's job runs it (\`runRegisterImport\`), then a second upload`,
    `of the same file (every row unchanged); the round of median duration of ${RUNS}, each on a database of its own. Phases: reading the community (its households and residents, one streamed equality read`,
    `each), the rows (streamed parse, batches of 500, inserts and updates by \`_id\`), the grid recount (\`recountGridHouseholds\`, skipped`,
    `when an import wrote nothing). RSS and heap sampled every 50 ms; the live heap is measured after a full collection as the rows`,
    `phase starts and ends (what the import holds: the community's households and residents as small keys, the ID numbers seen).`,
    `Goal: ≥ 2,000 rows/s, memory flat: rows/s **${goal}**${problems.length ? ` (checks failed: ${problems.join('; ')})` : ''}.`,
    '',
    table,
    '',
    `- Machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory; Node ${process.version};`,
    `  load average ${loadStart} at the start, ${loadavg()[0]!.toFixed(1)} at the end (the machine is shared: other work competes for its cores)`,
    `- Engine: ${bench.BENCH_MONGO_ENGINE} (${engine})`,
    `- Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench -- register-import${ROWS === 100_000 ? '' : ` --rows ${ROWS}`}${RUNS === 3 ? '' : ` --runs ${RUNS}`}\``,
  ].join('\n');
  writeBenchmarkSection(
    join(dirname(fileURLToPath(import.meta.url)), '../../../../docs/benchmarks.md'),
    'B5',
    'B5 a 100,000-row XLSX register import',
    section,
  );
  say('wrote the B5 section of docs/benchmarks.md');
}
process.exitCode = problems.length ? 1 : 0;
process.exit();

async function engineDetails(conn: Connection): Promise<string> {
  const admin = conn.getClient().db('admin');
  const info = (await admin.command({ buildInfo: 1 })) as { version?: string; ferretdbVersion?: string };
  if (!info.ferretdbVersion) return `MongoDB ${info.version}`;
  const log = (await admin.command({ getLog: 'startupWarnings' }).catch(() => ({}))) as { log?: string[] };
  return (log.log ?? []).map((l) => /Powered by ([^"]+?)\.?"/.exec(l)?.[1]).find(Boolean) ?? `FerretDB ${info.ferretdbVersion}`;
}
