// npm pre-script in plain Node: installs dependencies on a fresh clone (no node_modules yet) or
// when package-lock.json changed since the last install, then builds nothing else.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './engines.mjs';

const marker = join(ROOT, 'node_modules', '.package-lock.json');
const lock = join(ROOT, 'package-lock.json');
const stale = !existsSync(marker) || statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000;
if (stale) {
  process.stdout.write('[deps] installing dependencies with npm ci…\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
}
