// `npm run bench`: builds, provisions the engines as `npm test` does, runs the benchmark scripts
// (not tests: they print measurements). A first word picks one (`people-grids`, `evaluations`, `reminders`,
// `dashboard`, `register-import`, `limits`, `canvass`, `web`); options after it go to that benchmark, e.g. `npm run bench -- people-grids --residents 1000000`
// or `npm run bench -- dashboard --scale full --runs 1 --duration 10`.
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { turbo } from './build.mjs';
import { ROOT, provisionEngines } from './engines.mjs';

turbo(['build']);
const engines = await provisionEngines({ dataDir: join(tmpdir(), `jwh-bench-${process.pid}`), ephemeral: true });
const BENCHES = {
  'people-grids': 'services/people-grids/dist/bench/residents.bench.js',
  evaluations: 'services/evaluations/dist/bench/evaluations.bench.js',
  reminders: 'services/people-grids/dist/bench/reminders.bench.js',
  // B1: everyday dashboard operations through our gateway, Hive Gateway and straight to the subgraphs (docs/benchmarks.md).
  dashboard: 'tests/dist/src/bench/dashboard.bench.js',
  'register-import': 'services/people-grids/dist/bench/register-import.bench.js',
  // B6: the costliest operations the gateway's limits accept, and what they cost the engine.
  limits: 'tests/dist/src/bench/limits.bench.js',
  // Canvasses on the full demo: answers, then progress and results of a whole community (issue 16).
  canvass: 'tests/dist/src/bench/canvass.bench.js',
  // B7: the web app's screens in a real browser on the full demo, from its browser tests (issue 17).
  web: 'tests/dist/src/bench/web.bench.js',
};
const [first, ...rest] = process.argv.slice(2);
const chosen = first in BENCHES ? [[first, rest]] : Object.keys(BENCHES).map((name) => [name, first ? [first, ...rest] : []]);
let status = 0;
try {
  for (const [name, args] of chosen) {
    const run = spawnSync(process.execPath, ['--enable-source-maps', '--expose-gc', join(ROOT, BENCHES[name]), ...args], {
      stdio: 'inherit',
      env: {
        ...process.env,
        MONGO_URL: engines.mongoUrl,
        REDIS_URL: engines.redisUrl,
        BENCH_MONGO_ENGINE: engines.mongoEngine,
        BENCH_REDIS_ENGINE: engines.redisEngine,
      },
    });
    status ||= run.status ?? 1;
  }
} finally {
  await engines.stop();
}
process.exit(status);
