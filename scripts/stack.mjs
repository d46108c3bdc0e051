// Starts and stops the whole federation as child processes: four subgraphs, the gateway and the
// workers, on free ports. Used by `npm start` and by the end-to-end tests' global setup.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, freePort } from './engines.mjs';

export { freePort };

export const SUBGRAPHS = [
  // People-grids counts a leaving staff member's open requests in service matters.
  {
    name: 'people-grids',
    envVar: 'SUBGRAPH_PEOPLE_GRIDS_URL',
    port: 4001,
    pii: true,
    env: (urls) => ({ SERVICE_MATTERS_URL: urls['service-matters'] }),
  },
  // Service matters reads residents from people-grids (with the caller's identity) and a joint
  // meeting's registered units from volunteers.
  {
    name: 'service-matters',
    envVar: 'SUBGRAPH_SERVICE_MATTERS_URL',
    port: 4002,
    env: (urls) => ({ PEOPLE_GRIDS_URL: urls['people-grids'], VOLUNTEERS_URL: urls['volunteers'] }),
  },
  { name: 'volunteers', envVar: 'SUBGRAPH_VOLUNTEERS_URL', port: 4003, env: (urls) => ({ PEOPLE_GRIDS_URL: urls['people-grids'] }) },
  // Evaluations reads residents, visits and staff (people-grids) and requests (service matters).
  { name: 'evaluations', envVar: 'SUBGRAPH_EVALUATIONS_URL', port: 4004, env: evaluationsEnv },
];
function evaluationsEnv(urls) {
  return { PEOPLE_GRIDS_URL: urls['people-grids'], SERVICE_MATTERS_URL: urls['service-matters'] };
}
export const WORKERS = [
  { name: 'people-grids-worker', service: 'people-grids', port: 4011, pii: true },
  { name: 'evaluations-worker', service: 'evaluations', port: 4014, env: evaluationsEnv },
  // Reminders and notifications: no personal-data keys (it reads names, masked in texts, never ID numbers).
  { name: 'reminders-worker', service: 'people-grids', entry: 'reminders-worker', port: 4012 },
];

/** Polls GET url until it answers 200, or throws after timeoutMs. */
export async function waitHealthy(url, timeoutMs = 60_000, child) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`${url}: process exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${url} not healthy after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * Starts one node process with `env`, its output appended to logDir/<name>.log.
 * @returns the ChildProcess, with `.logFile`.
 */
export function startProcess(name, script, env, logDir) {
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${name}.log`);
  const out = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--enable-source-maps', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  child.logFile = logFile;
  child.procName = name;
  return child;
}

export async function stopProcess(child, signal = 'SIGTERM', graceMs = 20_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts the federation against the given engines.
 * @param {{ mongoUrl: string, redisUrl: string, secrets: { jwksFile: string, identity: { publicKeys: string, signingKeys: Record<string, string> },
 *   pii: object }, dbPrefix?: string, queuePrefix?: string, logDir: string, seed?: boolean,
 *   nodeEnv?: string, preferPorts?: boolean, extraEnv?: object, gatewayEnv?: object, startTimeoutMs?: number, processes?: object[] }} o
 *   Personal-data keys go only to the processes that hold personal data (people-grids).
 */
export async function startStack(o) {
  const common = {
    MONGO_URL: o.mongoUrl,
    REDIS_URL: o.redisUrl,
    MONGO_DB_PREFIX: o.dbPrefix ?? '',
    QUEUE_PREFIX: o.queuePrefix ?? 'jwh',
    SEED_DEMO: o.seed === false ? 'false' : 'true',
    NODE_ENV: o.nodeEnv ?? 'development',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    IDENTITY_PUBLIC_KEYS: o.secrets.identity.publicKeys,
    ...(o.extraEnv ?? {}),
  };
  // Subgraphs load demo data before they answer /health: the district scale (100,000 residents) takes minutes.
  const startTimeoutMs = o.startTimeoutMs ?? ((common.DEMO_SCALE ?? process.env.DEMO_SCALE) === 'district' ? 900_000 : 120_000);
  // Each process signs with its own service's key only (README, "Identities").
  const envOf = (p) => ({
    ...common,
    ...(o.secrets.identity.signingKeys[p.service ?? p.name]
      ? { IDENTITY_SIGNING_KEY: o.secrets.identity.signingKeys[p.service ?? p.name] }
      : {}),
    ...(p.pii ? o.secrets.pii : {}),
    ...(p.env ? p.env(subgraphUrls) : {}),
  });
  // The caller may pass its own list to see processes as they start (to stop them on Ctrl-C mid-start).
  const processes = o.processes ?? [];
  const subgraphUrls = {};
  const stack = { processes, subgraphUrls, gatewayUrl: '', gatewayPort: 0, common };
  try {
    const started = [];
    // Every subgraph's port first: a subgraph may be given another's URL (they call each other).
    const ports = {};
    for (const s of SUBGRAPHS) {
      let port = await freePort(o.preferPorts ? s.port : 0);
      // Nothing listens yet: the system could hand out a port twice.
      while (Object.values(ports).includes(port)) port = await freePort(0);
      ports[s.name] = port;
      subgraphUrls[s.name] = `http://127.0.0.1:${ports[s.name]}/graphql`;
    }
    for (const s of SUBGRAPHS) {
      const port = ports[s.name];
      const child = startProcess(
        s.name,
        join(ROOT, 'services', s.name, 'dist/src/index.js'),
        { ...envOf(s), PORT: String(port) },
        o.logDir,
      );
      child.procEnv = { ...envOf(s), PORT: String(port) };
      processes.push(child);
      started.push(waitHealthy(`http://127.0.0.1:${port}/health`, startTimeoutMs, child));
    }
    await Promise.all(started);
    for (const w of WORKERS) {
      const port = await freePort(o.preferPorts ? w.port : 0);
      const child = startProcess(
        w.name,
        join(ROOT, 'services', w.service, `dist/src/${w.entry ?? 'worker'}.js`),
        { ...envOf(w), PORT: String(port) },
        o.logDir,
      );
      child.procEnv = { ...envOf(w), PORT: String(port) };
      processes.push(child);
      await waitHealthy(`http://127.0.0.1:${port}/health`, 60_000, child);
    }
    const gatewayPort = await freePort(o.preferPorts ? 4000 : 0);
    const gatewayEnv = {
      NODE_ENV: common.NODE_ENV,
      LOG_LEVEL: common.LOG_LEVEL,
      PORT: String(gatewayPort),
      JWKS_FILE: o.secrets.jwksFile,
      // The web app's sign-in page offers the demo users (development and tests only: set here, never by default).
      DEMO_SIGN_IN: 'true',
      IDENTITY_SIGNING_KEY: o.secrets.identity.signingKeys.gateway,
      // The ops board (bull-board at /ops/queues) reads the queues.
      REDIS_URL: o.redisUrl,
      QUEUE_PREFIX: common.QUEUE_PREFIX,
      ...Object.fromEntries(SUBGRAPHS.map((s) => [s.envVar, subgraphUrls[s.name]])),
      ...(o.gatewayEnv ?? {}),
    };
    const gateway = startProcess('gateway', join(ROOT, 'gateway/dist/src/index.js'), gatewayEnv, o.logDir);
    processes.push(gateway);
    await waitHealthy(`http://127.0.0.1:${gatewayPort}/health`, 60_000, gateway);
    stack.gatewayUrl = `http://localhost:${gatewayPort}/graphql`;
    stack.gatewayPort = gatewayPort;
    return stack;
  } catch (err) {
    await stopStack(stack);
    const failed = processes.find((p) => p.exitCode !== null);
    throw new Error(`${err.message}${failed ? ` (see ${failed.logFile})` : ''}`);
  }
}

/** Stops every process of the stack, gateway first, with SIGTERM (graceful shutdown). */
export async function stopStack(stack) {
  const [last, ...rest] = [...stack.processes].reverse();
  await stopProcess(last);
  await Promise.all(rest.map((p) => stopProcess(p)));
}
