// `npm test`: build (typecheck included) → lint → provision engines (as `npm start` does, but with
// a throw-away data folder) → every package's unit and integration tests plus the end-to-end tests
// in tests/, with node's test runner → stop the engines. Leaves nothing running.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { turbo } from './build.mjs';
import { ROOT, provisionEngines } from './engines.mjs';

const t0 = Date.now();
const step = (msg) => process.stdout.write(`[test] ${msg} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);

turbo(['build', 'lint']);
step('built, typechecked and linted');

const PACKAGES = ['shared', 'services/people-grids', 'services/service-matters', 'services/volunteers', 'services/evaluations', 'gateway', 'tests'];
function testFiles(dir) {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.(spec|test)\.js$/.test(f))
    .map((f) => join(dir, f))
    .sort();
}
const files = PACKAGES.flatMap((p) => testFiles(join(ROOT, p, 'dist')));
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
