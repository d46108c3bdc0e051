// B7 the web app's screens (issue 17): the browser tests themselves (tests/src/web-app.test.ts, in
// Debian's Chromium on the full demo) measure each screen's time until its data is shown and the
// files each page loads; this runs them `--runs` times (default 3) and writes the medians, and the
// bundle's size as sent, to docs/benchmarks.md (`npm run bench -- web`). Reported, not asserted.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machineLines, writeBenchmarkSection } from '@jwh/platform';
import { ROOT } from '../paths.js';
import { benchEnv } from './environment.js';

const { values: opts } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Math.max(1, Number(opts.runs));
const load = loadavg()[0]!;
interface Timings {
  timings: { screen: string; role: string; ms: number }[];
  bundles: Record<string, { file: string; bytes: number }[]>;
}
const results: Timings[] = [];
for (let i = 0; i < runs; i++) {
  const run = spawnSync(process.execPath, ['--test', '--test-reporter=dot', join(ROOT, 'tests/dist/src/web-app.test.js')], {
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error(`the browser tests failed in run ${i + 1}`);
  results.push(JSON.parse(readFileSync(join(ROOT, '.data/web-screens/timings.json'), 'utf8')) as Timings);
  process.stdout.write(`[web] run ${i + 1} of ${runs} done\n`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const TITLES: Record<string, string> = {
  street: 'street office overview (2 communities: coverage, rates with chart, service, shares, scores)',
  'street-evaluation': 'evaluation with the draw and walk list (street admin)',
  'community-grids': 'community: grid tree',
  'community-board': "community: today's public board",
  'community-elders': "community: this week's birthdays, the month's haircuts owed",
  'community-map': 'community: the living map (a plan of 132 buildings and 400 facilities)',
  'community-rooms': 'community: rooms and bookings',
  'community-meetings': 'community: joint meetings and follow-ups',
  'community-requests': 'community: open requests and today’s visits',
  'community-admin': 'community: administration',
  evaluation: 'evaluation (secretary)',
  volunteers: 'volunteers and activities',
  worker: 'grid worker on a phone (360×740)',
  canteen: "elder canteen's month and card holders (partner)",
  ops: 'ops: queues and reminders',
  'public-board': 'public board without sign-in',
};
const screens = Object.keys(TITLES).filter((s) => results.some((r) => r.timings.some((t) => t.screen === s)));
const rows = screens.map((s) => {
  const ms = results.flatMap((r) => r.timings.filter((t) => t.screen === s).map((t) => t.ms));
  return `| ${TITLES[s]} | ${results[0]!.timings.find((t) => t.screen === s)?.role ?? ''} | ${median(ms)} | ${Math.max(...ms)} |`;
});
const kb = (files: { bytes: number }[]) => (files.reduce((n, f) => n + f.bytes, 0) / 1024).toFixed(1);
const last = results.at(-1)!;
const body = [
  '',
  `\`npm run bench -- web\` (tests/src/bench/web.bench.ts) runs the browser tests (tests/src/web-app.test.ts: Debian's Chromium, the full demo, every process of the federation on this machine) ${runs} times. Time until a screen's data is shown: from navigation (or the click that opens it) until every part of the screen has its data, as the browser saw it. Goal ≤ 1 s a screen; reported, not asserted.`,
  '',
  ...machineLines(benchEnv().BENCH_MONGO_ENGINE, load),
  '',
  `| screen | role | median ms (${runs} runs) | max ms |`,
  '|---|---|---:|---:|',
  ...rows,
  '',
  `Files as sent (gzipped by the gateway): the sign-in page ${kb(last.bundles['sign-in'] ?? [])} KB (${(last.bundles['sign-in'] ?? []).map((f) => f.file.replace('/app/assets/', '')).join(', ')}); the street office's first screen adds ${kb(last.bundles.street ?? [])} KB, of which the chart library (loaded only by the screens that draw) ${kb((last.bundles.street ?? []).filter((f) => f.file.includes('echarts')))} KB. Goal: first screen ≤ 500 KB.`,
  '',
].join('\n');
writeBenchmarkSection(join(ROOT, 'docs/benchmarks.md'), 'B7', 'B7 the web app’s screens', body);
process.stdout.write(body);
