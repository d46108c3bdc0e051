// Provisions the storage engines for `npm start`, `npm test` and `npm run bench` (after
// ensure-deps: it may use the `pg` client). Order of preference, as the README says:
//   MongoDB: MONGO_URL as is → a local `mongod` (PATH or mongodb-memory-server's cache)
//            → FerretDB v1.24.2 built from the Go module proxy into .cache/, on PostgreSQL:
//              POSTGRES_URL → a server answering on 127.0.0.1:5432 → a private cluster from the
//              installed PostgreSQL binaries → SQLite (with a warning: small scale only)
//   Redis:   REDIS_URL as is → 127.0.0.1:6379 when it answers PING → `redis-server` on a free port
import { spawn, execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  cpSync,
  chmodSync,
  statSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import { homedir, userInfo } from 'node:os';
import { basename, join, resolve } from 'node:path';

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
  run('go', ['build', '-trimpath', '-o', FERRETDB_BIN, './cmd/ferretdb'], {
    cwd: src,
    env: { ...process.env, GOFLAGS: '-buildvcs=false' },
  });
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
  /** Run after the children stop (drop a throw-away database, stop a private cluster). */
  const cleanups = [];
  const stopAll = async () => {
    await Promise.all(children.map(stopChild));
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => log(`cleanup: ${err.message}`));
    if (ephemeral) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    return { ...(await provision(children, cleanups, dataDir, ephemeral)), stop: stopAll };
  } catch (err) {
    // Leave nothing running when one engine fails to come up after another started.
    await stopAll();
    throw err;
  }
}

async function provision(children, cleanups, dataDir, ephemeral) {
  let mongoUrl = process.env.MONGO_URL;
  let mongoEngine = 'MongoDB from MONGO_URL';
  if (!mongoUrl) {
    const port = await freePort();
    const mongod = findMongod();
    let child;
    if (mongod) {
      const path = join(dataDir, 'mongod');
      mkdirSync(path, { recursive: true });
      child = spawnDaemon(
        mongod,
        ['--dbpath', path, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'],
        'mongod',
        join(dataDir, 'mongod.log'),
      );
      mongoEngine = `mongod (${mongod})`;
    } else {
      const bin = ensureFerretDB();
      const backend = await ferretBackend(children, cleanups, dataDir, ephemeral);
      const path = join(dataDir, 'ferretdb');
      mkdirSync(path, { recursive: true });
      child = spawnDaemon(
        bin,
        [
          ...backend.args,
          `--state-dir=${path}`,
          `--listen-addr=127.0.0.1:${port}`,
          '--debug-addr=-',
          '--telemetry=disable',
          '--log-level=warn',
        ],
        'ferretdb',
        join(dataDir, 'ferretdb.log'),
      );
      mongoEngine = `FerretDB ${FERRETDB_VERSION} (${backend.engine})`;
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
      const child = spawnDaemon(
        bin,
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'],
        'redis-server',
        join(dataDir, 'redis.log'),
      );
      children.push(child);
      await waitForPort(port, '127.0.0.1', 10_000, child);
      redisUrl = `redis://127.0.0.1:${port}`;
      redisEngine = `redis-server started on port ${port}`;
    }
  }
  log(`MongoDB engine: ${mongoEngine}`);
  log(`Redis: ${redisEngine}`);
  return { mongoUrl, redisUrl, mongoEngine, redisEngine };
}

/** The PostgreSQL database FerretDB keeps this run's data in: `jwh_dev`, or `jwh_test_<pid>`… for a throw-away run. */
function pgDatabaseName(dataDir, ephemeral) {
  if (!ephemeral) return 'jwh_dev';
  let name = basename(dataDir)
    .replace(/[^a-z0-9]+/gi, '_')
    .toLowerCase();
  if (!name.startsWith('jwh')) name = `jwh_${name}`;
  if (!name.includes(String(process.pid))) name = `${name}_${process.pid}`;
  return name.slice(0, 63);
}

/** Connects with `pg` and runs one statement; resolves false when nothing answers or the login is refused. */
async function pgTry(url, sql) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    if (sql) await client.query(sql);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** `url` with its database replaced by `db`. */
function withDatabase(url, db) {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/**
 * Makes the run's own database on the PostgreSQL server at `adminUrl` (kept for `npm start`,
 * dropped after a throw-away run) and returns FerretDB's arguments for it.
 */
async function onPostgres(adminUrl, db, ephemeral, cleanups, engine) {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
    if (ephemeral && exists.rowCount) await admin.query(`DROP DATABASE "${db}" WITH (FORCE)`);
    if (ephemeral || !exists.rowCount) await admin.query(`CREATE DATABASE "${db}"`);
  } finally {
    await admin.end();
  }
  if (ephemeral) cleanups.push(() => pgTry(adminUrl, `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`));
  const url = withDatabase(adminUrl, db);
  await installGinTwins(url);
  // FerretDB's own PostgreSQL pool is left at its default: capped low (12), it deadlocks under a
  // burst of parallel reads (seen here); the services bound their own concurrency instead.
  return { args: ['--handler=postgresql', `--postgresql-url=${url}`], engine: `${engine}, database ${db}` };
}

/**
 * Gives every index FerretDB makes a GIN twin that its pushed-down equalities can use
 * (scripts/sql/ferretdb-gin-twins.sql): without it each pushed-down read is a sequential scan.
 * Needs a superuser (an event trigger); without one, reads stay correct, only slower.
 */
async function installGinTwins(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(readFileSync(join(ROOT, 'scripts', 'sql', 'ferretdb-gin-twins.sql'), 'utf8'));
  } catch (err) {
    log(`WARNING: could not install the GIN index twins (${err.message}): equality reads will scan whole collections`);
  } finally {
    await client.end();
  }
}

/** The directory of the installed PostgreSQL server binaries (initdb, postgres), or null. */
function findPostgresBin() {
  const initdb = onPath('initdb');
  if (initdb && onPath('postgres')) return resolve(initdb, '..');
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(a) - Number(b));
  return versions.length ? join(base, versions.at(-1), 'bin') : null;
}

/**
 * A private PostgreSQL cluster under dataDir/pg, made with the installed binaries (as the
 * `postgres` or `nobody` user when we run as root: PostgreSQL refuses root), on a free port.
 */
async function privateCluster(children, dataDir, binDir) {
  const dir = join(dataDir, 'pg');
  const asRoot = process.getuid?.() === 0;
  const user = asRoot
    ? execFileSync('sh', ['-c', 'id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody'], { encoding: 'utf8' }).trim()
    : userInfo().username;
  const as = (cmd, args) => (asRoot ? ['runuser', ['-u', user, '--', cmd, ...args]] : [cmd, args]);
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    mkdirSync(dir, { recursive: true });
    if (asRoot) execFileSync('chown', ['-R', user, dir]);
    log(`making a private PostgreSQL cluster in ${dir}…`);
    run(...as(join(binDir, 'initdb'), ['-D', dir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale']));
  }
  const port = await freePort();
  const child = spawnDaemon(
    ...as(join(binDir, 'postgres'), [
      '-D',
      dir,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'max_connections=200',
    ]),
    'postgres',
    join(dataDir, 'postgres.log'),
  );
  children.push(child);
  await waitForPort(port, '127.0.0.1', 30_000, child);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  for (let i = 0; i < 50 && !(await pgTry(url)); i++) await new Promise((r) => setTimeout(r, 200));
  return url;
}

/**
 * FerretDB's backend, by the ladder: POSTGRES_URL → PostgreSQL on 127.0.0.1:5432 → a private
 * cluster from installed binaries → SQLite. FerretDB pushes equality filters down to PostgreSQL
 * (jsonb containment); on SQLite only `{ _id: v }` is, so every other read scans the collection.
 */
async function ferretBackend(children, cleanups, dataDir, ephemeral) {
  const db = pgDatabaseName(dataDir, ephemeral);
  if (process.env.POSTGRES_URL) return onPostgres(process.env.POSTGRES_URL, db, ephemeral, cleanups, 'PostgreSQL from POSTGRES_URL');
  for (const user of ['postgres', userInfo().username]) {
    const url = `postgres://${user}@127.0.0.1:5432/postgres`;
    if (await pgTry(url, 'SELECT 1')) return onPostgres(url, db, ephemeral, cleanups, `PostgreSQL at 127.0.0.1:5432 as ${user}`);
  }
  const binDir = findPostgresBin();
  if (binDir) {
    const url = await privateCluster(children, dataDir, binDir);
    return onPostgres(url, db, ephemeral, cleanups, `private PostgreSQL cluster in ${join(dataDir, 'pg')}`);
  }
  const path = join(dataDir, 'ferretdb');
  mkdirSync(path, { recursive: true });
  log('WARNING: no PostgreSQL found (POSTGRES_URL, 127.0.0.1:5432 or installed binaries): FerretDB falls back to SQLite,');
  log('  which filters only by _id in the engine: fine for tests and a demo of a few thousand residents, slow beyond.');
  return { args: ['--handler=sqlite', `--sqlite-url=file:${path}/`], engine: `SQLite backend, ${path}` };
}
