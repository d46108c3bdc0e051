// Builds every package with Turborepo (cached: a second build of unchanged code takes a second).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './engines.mjs';

/** Runs `turbo run <tasks>` from the root; throws when it fails. */
export function turbo(tasks, extraArgs = []) {
  execFileSync(join(ROOT, 'node_modules', '.bin', 'turbo'), ['run', ...tasks, '--output-logs=errors-only', ...extraArgs], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
  });
}
