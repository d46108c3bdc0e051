// `npm start`: engines → build → four subgraphs, workers, gateway (demo data on first run) → prints
// the gateway URL, a query to paste and demo tokens. Ctrl-C stops everything it started.
import { join } from 'node:path';
import { turbo } from './build.mjs';
import { ROOT, provisionEngines } from './engines.mjs';
import { demoTokens, devSecrets } from './secrets.mjs';
import { startStack, stopStack } from './stack.mjs';

const t0 = Date.now();
turbo(['build']);
const engines = await provisionEngines({ dataDir: join(ROOT, '.data', 'dev') });
const logDir = join(ROOT, '.data', 'logs');
const keysDir = join(ROOT, '.data', 'keys');
const secrets = await devSecrets(keysDir);
let stack;
const started = [];
let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\n[start] stopping the gateway, subgraphs, workers and engines…\n');
  // Mid-start there is no stack yet, but the processes already started are in `started`.
  await stopStack(stack ?? { processes: started });
  await engines.stop();
  process.stdout.write('[start] stopped.\n');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
try {
  stack = await startStack({
    mongoUrl: engines.mongoUrl,
    redisUrl: engines.redisUrl,
    secrets,
    logDir,
    preferPorts: true,
    processes: started,
  });
} catch (err) {
  process.stderr.write(`[start] failed: ${err.message}\n`);
  await shutdown(1);
}
const { demoBanner } = await import('./demo-banner.mjs');
process.stdout.write(demoBanner(stack, { seconds: ((Date.now() - t0) / 1000).toFixed(1), logDir, tokens: await demoTokens(keysDir) }));
for (const p of stack.processes) {
  p.once('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`[start] ${p.procName} exited (code ${code}, signal ${signal}); see ${p.logFile}\n`);
  });
}
