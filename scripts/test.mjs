// `npm test`: build (typecheck included) → lint → hygiene (format, copies, dead code, schema lint,
// one version per dependency: scripts/hygiene.mjs) → provision engines (as `npm start` does, but with
// a throw-away data folder) → every package's unit and integration tests plus the end-to-end tests
// in tests/, with node's test runner → stop the engines. Leaves nothing running.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { turbo } from './build.mjs';
import { ROOT, provisionEngines } from './engines.mjs';

const t0 = Date.now();
const step = (msg) => process.stdout.write(`[test] ${msg} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);

turbo(['build', 'lint']);
step('built, typechecked and linted');
if (spawnSync(process.execPath, [join(ROOT, 'scripts', 'hygiene.mjs')], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);
step('hygiene checks clean');

const PACKAGES = [
  'packages/platform',
  'packages/contracts',
  'services/people-grids',
  'services/service-matters',
  'services/volunteers',
  'services/evaluations',
  'gateway',
  'tests',
];
/** Compiled test files whose TypeScript source still exists (tsc leaves stale outputs behind). */
function testFiles(dist) {
  if (!statSync(dist, { throwIfNoEntry: false })?.isDirectory()) return [];
  return readdirSync(dist, { recursive: true })
    .map(String)
    .filter((f) => /\.(spec|test)\.js$/.test(f) && existsSync(join(dist, '..', f.replace(/\.js$/, '.ts'))))
    .map((f) => join(dist, f))
    .sort();
}
// `npm test -- <part of a path> …` runs only the matching test files.
const only = process.argv.slice(2);
const files = PACKAGES.flatMap((p) => testFiles(join(ROOT, p, 'dist'))).filter((f) => !only.length || only.some((o) => f.includes(o)));
step(`${files.length} test files in ${PACKAGES.length} packages`);

const engines = await provisionEngines({ dataDir: join(tmpdir(), `jwh-test-${process.pid}`), ephemeral: true });
let status = 1;
try {
  const result = spawnSync(
    process.execPath,
    ['--enable-source-maps', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files.map((f) => relative(ROOT, f))],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, MONGO_URL: engines.mongoUrl, REDIS_URL: engines.redisUrl, NODE_ENV: 'test' } },
  );
  status = result.status ?? 1;
} finally {
  await engines.stop();
}
step(`engines stopped; tests ${status === 0 ? 'passed' : 'FAILED'}`);
process.exit(status);
