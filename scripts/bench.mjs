// `npm run bench`: builds, provisions the engines as `npm test` does, runs the benchmark scripts
// (not tests: they print measurements). Options after `--` go to the benchmarks, e.g.
// `npm run bench -- --residents 1000000`.
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { turbo } from './build.mjs';
import { ROOT, provisionEngines } from './engines.mjs';

turbo(['build']);
const engines = await provisionEngines({ dataDir: join(tmpdir(), `jwh-bench-${process.pid}`), ephemeral: true });
let status = 1;
try {
  const run = spawnSync(process.execPath, ['--enable-source-maps', join(ROOT, 'services/people-grids/dist/bench/residents.bench.js'), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, MONGO_URL: engines.mongoUrl, REDIS_URL: engines.redisUrl },
  });
  status = run.status ?? 1;
} finally {
  await engines.stop();
}
process.exit(status);
