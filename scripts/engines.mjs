// Provisions the storage engines for `npm start` and `npm test` in plain Node (it runs before
// node_modules exists). Order of preference, as the README says:
//   MongoDB: MONGO_URL as is → a local `mongod` (PATH or mongodb-memory-server's cache)
//            → FerretDB v1.24.2 (SQLite backend) built from the Go module proxy into .cache/
//   Redis:   REDIS_URL as is → 127.0.0.1:6379 when it answers PING → `redis-server` on a free port
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, cpSync, chmodSync, statSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
const CACHE = join(ROOT, '.cache');
const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
const FERRETDB_BIN = join(CACHE, 'bin', `ferretdb-${FERRETDB_VERSION}`);

const log = (msg) => process.stdout.write(`[engines] ${msg}\n`);

/** A free TCP port on 127.0.0.1, preferring `preferred` when it is free. */
export async function freePort(preferred = 0) {
  const tryPort = (port) =>
    new Promise((res) => {
      const srv = createServer();
      srv.once('error', () => res(null));
      srv.listen(port, '127.0.0.1', () => {
        const { port: got } = srv.address();
        srv.close(() => res(got));
      });
    });
  return (preferred && (await tryPort(preferred))) || tryPort(0);
}

/** Resolves when something accepts TCP connections on host:port, or rejects after timeoutMs. */
export async function waitForPort(port, host = '127.0.0.1', timeoutMs = 30_000, child) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`process exited with code ${child.exitCode} before listening on ${port}`);
    const ok = await new Promise((res) => {
      const s = connect(port, host);
      s.once('connect', () => (s.destroy(), res(true)));
      s.once('error', () => res(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function redisPing(port, host = '127.0.0.1') {
  return new Promise((res) => {
    const s = connect(port, host);
    const timer = setTimeout(() => (s.destroy(), res(false)), 1000);
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => (clearTimeout(timer), s.destroy(), res(d.toString().startsWith('+PONG'))));
    s.once('error', () => (clearTimeout(timer), res(false)));
  });
}

function onPath(cmd) {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

function findMongod() {
  const fromPath = onPath('mongod');
  if (fromPath) return fromPath;
  const mms = join(homedir(), '.cache', 'mongodb-binaries');
  if (!existsSync(mms)) return null;
  const found = readdirSync(mms)
    .filter((f) => f.startsWith('mongod-'))
    .map((f) => join(mms, f))
    .filter((f) => statSync(f).isFile());
  return found.sort().at(-1) ?? null;
}

/** Runs a build step quietly; on failure prints its output and throws. */
function run(cmd, args, opts = {}) {
  try {
    execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  } catch (err) {
    process.stderr.write(`${err.stdout ?? ''}${err.stderr ?? ''}`);
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${err.status})`);
  }
}

/**
 * Builds FerretDB into .cache/bin once. Not with `go install …@v1.24.2`: the Go module proxy here
 * answers 403 to the version-list lookup `go install` makes, and the module zip has an empty
 * build/version/version.txt (FerretDB then panics at start). So the same module version is fetched
 * from the proxy with `go get`, the version file filled in, and built with `go build`.
 */
function ensureFerretDB() {
  if (existsSync(FERRETDB_BIN)) return FERRETDB_BIN;
  if (!onPath('go')) throw new Error('FerretDB is not built and Go is not on PATH: set MONGO_URL or install Go');
  log(`building FerretDB ${FERRETDB_VERSION} from the Go module proxy (first run only, about a minute)…`);
  const t0 = Date.now();
  mkdirSync(join(CACHE, 'bin'), { recursive: true });
  const work = join(CACHE, 'ferretdb-build');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  run('go', ['mod', 'init', 'jwh/ferretdb-build'], { cwd: work });
  run('go', ['get', `${FERRETDB_MODULE}/cmd/ferretdb@${FERRETDB_VERSION}`], { cwd: work });
  const dir = execFileSync('go', ['list', '-m', '-f', '{{.Dir}}', FERRETDB_MODULE], { cwd: work, encoding: 'utf8' }).trim();
  const src = join(work, 'src');
  cpSync(dir, src, { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', src]);
  writeFileSync(join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
  run('go', ['build', '-trimpath', '-o', FERRETDB_BIN, './cmd/ferretdb'], { cwd: src, env: { ...process.env, GOFLAGS: '-buildvcs=false' } });
  chmodSync(FERRETDB_BIN, 0o755);
  rmSync(work, { recursive: true, force: true });
  log(`built ${FERRETDB_BIN} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return FERRETDB_BIN;
}

/**
 * Starts an engine with its output in `logFile`. Not a pipe: `npm test` blocks its event loop
 * while the tests run, and an engine writing into an undrained pipe would stall once it is full.
 */
function spawnDaemon(bin, args, name, logFile) {
  const fd = openSync(logFile, 'a');
  const child = spawn(bin, args, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.on('exit', (code, signal) => {
    if (child.stopping) return;
    const tail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join(' | ');
    log(`${name} exited (code ${code}, signal ${signal}): ${tail} (log: ${logFile})`);
  });
  return child;
}

async function stopChild(child) {
  if (!child || child.exitCode !== null) return;
  child.stopping = true;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * Provisions MongoDB-compatible storage and Redis.
 * @param {{ dataDir: string, ephemeral?: boolean }} opts dataDir: where a local engine keeps its
 *   files; ephemeral: remove them on stop (tests).
 * @returns {Promise<{ mongoUrl: string, redisUrl: string, mongoEngine: string, redisEngine: string, stop: () => Promise<void> }>}
 */
export async function provisionEngines({ dataDir, ephemeral = false }) {
  const children = [];
  try {
    return await provision(children, dataDir, ephemeral);
  } catch (err) {
    // Leave nothing running when one engine fails to come up after another started.
    await Promise.all(children.map(stopChild));
    if (ephemeral) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

async function provision(children, dataDir, ephemeral) {
  let mongoUrl = process.env.MONGO_URL;
  let mongoEngine = 'MongoDB from MONGO_URL';
  if (!mongoUrl) {
    const port = await freePort();
    const mongod = findMongod();
    let child;
    if (mongod) {
      const path = join(dataDir, 'mongod');
      mkdirSync(path, { recursive: true });
      child = spawnDaemon(mongod, ['--dbpath', path, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'], 'mongod', join(dataDir, 'mongod.log'));
      mongoEngine = `mongod (${mongod})`;
    } else {
      const bin = ensureFerretDB();
      const path = join(dataDir, 'ferretdb');
      mkdirSync(path, { recursive: true });
      child = spawnDaemon(
        bin,
        [
          '--handler=sqlite',
          `--sqlite-url=file:${path}/`,
          `--state-dir=${path}`,
          `--listen-addr=127.0.0.1:${port}`,
          '--debug-addr=-',
          '--telemetry=disable',
          '--log-level=warn',
        ],
        'ferretdb',
        join(dataDir, 'ferretdb.log'),
      );
      mongoEngine = `FerretDB ${FERRETDB_VERSION} (SQLite backend, ${path})`;
    }
    children.push(child);
    await waitForPort(port, '127.0.0.1', 30_000, child);
    mongoUrl = `mongodb://127.0.0.1:${port}/`;
  }

  let redisUrl = process.env.REDIS_URL;
  let redisEngine = 'Redis from REDIS_URL';
  if (!redisUrl) {
    if (await redisPing(6379)) {
      redisUrl = 'redis://127.0.0.1:6379';
      redisEngine = 'Redis at 127.0.0.1:6379';
    } else {
      const bin = onPath('redis-server');
      if (!bin) throw new Error('no Redis: set REDIS_URL, run Redis on 127.0.0.1:6379, or put redis-server on PATH');
      const port = await freePort();
      mkdirSync(dataDir, { recursive: true });
      const child = spawnDaemon(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], 'redis-server', join(dataDir, 'redis.log'));
      children.push(child);
      await waitForPort(port, '127.0.0.1', 10_000, child);
      redisUrl = `redis://127.0.0.1:${port}`;
      redisEngine = `redis-server started on port ${port}`;
    }
  }
  log(`MongoDB engine: ${mongoEngine}`);
  log(`Redis: ${redisEngine}`);
  return {
    mongoUrl,
    redisUrl,
    mongoEngine,
    redisEngine,
    async stop() {
      await Promise.all(children.map(stopChild));
      if (ephemeral) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

