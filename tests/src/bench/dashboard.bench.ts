// B1 dashboard benchmark (issue 12): `npm run bench -- dashboard [--scale full|district|both]
// [--runs 3] [--iterations 30] [--warmup 3] [--duration 60] [--users 20] [--only A,B] [--no-hive]
// [--no-write]`. Not a test: it prints measurements and regenerates the B1 part of
// docs/benchmarks.md. scripts/bench.mjs builds, provisions the engines and passes MONGO_URL and
// REDIS_URL; this starts the whole stack at each scale (its own databases, dropped after), finds
// its ids through the graph, then, per run:
//   1. each everyday operation alone, sequentially: p50 and p99 through our Apollo gateway, through
//      Hive Gateway (Rust query planner) on the same subgraphs and supergraph, and straight to the
//      owning subgraph (single-subgraph operations, with the signed identity the gateway sends);
//      database commands (subgraphs' mongo_commands_total) and subgraph calls
//      (graphql_requests_total) of one run;
//   2. 20 users with distinct tokens for `--duration` seconds over the mixed list, per gateway
//      (autocannon): requests/s, p50, p99, errors (HTTP, socket and GraphQL errors).
// Medians over the runs.
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DEMO_USERS, issueToken } from '@jwh/gateway/dev-keys';
import {
  IDENTITY_HEADER,
  REQUEST_ID_HEADER,
  ROLES,
  identitySigner,
  replaceMarkedBlock,
  signIdentity,
  stableObjectId,
  viewerFromClaims,
  type Role,
} from '@jwh/platform';
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { EVERYDAY_OPERATIONS, discoverFixture, type EverydayOperation, type Fixture } from '../everyday-operations.js';
import { ROOT, runId, secretsModule, stackModule, startStackOf, stopTestStack, type Stack, type StackProcess } from '../harness.js';
import { benchEnv } from './environment.js';
import { cpuByProcessKind } from './processes.js';
import { gql } from '@jwh/testkit';

const env = benchEnv();
const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: 'both' },
    runs: { type: 'string', default: '3' },
    iterations: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '3' },
    duration: { type: 'string', default: '60' },
    users: { type: 'string', default: '20' },
    only: { type: 'string' },
    'no-hive': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});
const positive = (name: string, value: string | undefined) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};
const scales: ('full' | 'district')[] | null =
  args.scale === 'both' ? ['full', 'district'] : args.scale === 'full' || args.scale === 'district' ? [args.scale] : null;
if (!scales) throw new Error('--scale must be full, district or both');
const opts = {
  scales,
  runs: positive('runs', args.runs),
  iterations: positive('iterations', args.iterations),
  warmup: Number(args.warmup) >= 0 ? Number(args.warmup) : 3,
  duration: positive('duration', args.duration),
  users: positive('users', args.users),
  hive: !args['no-hive'],
  write: !args['no-write'],
};
const OPERATIONS = args.only ? EVERYDAY_OPERATIONS.filter((op) => args.only!.split(',').includes(op.name)) : EVERYDAY_OPERATIONS;
if (!OPERATIONS.length) throw new Error(`--only ${args.only}: no such operation (${EVERYDAY_OPERATIONS.map((o) => o.name).join(', ')})`);

/** Communities the generator makes at each scale (ids `demo:community:<n>`): the benchmark's street admins see all of them. */
const COMMUNITIES = { full: 2, district: 12 } as const;
type Scale = keyof typeof COMMUNITIES;
type Mode = 'apollo' | 'hive' | 'direct';
const MODES: Mode[] = ['apollo', 'hive', 'direct'];
/** Apollo's own per-subgraph deadline is 2 s; straight-to-subgraph and Hive requests get a generous client deadline. */
const CLIENT_TIMEOUT_MS = 30_000;
/** The gateway's per-user rate limit is raised for the benchmark (Hive Gateway has none). */
const RATE_LIMIT = '10000000';

const log = (msg: string) => process.stdout.write(`[dashboard] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- small statistics

/** Nearest-rank percentile of `xs` (ms). */
function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const median = (xs: number[]) =>
  percentile(
    xs.filter((x) => !Number.isNaN(x)),
    50,
  );
const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '–' : x >= 100 ? x.toFixed(0) : x.toFixed(1));

// ---------------------------------------------------------------- users and tokens

interface User {
  role: Role;
  token: string;
  claims: Record<string, unknown>;
  fixture: Fixture;
}

const id = (key: string) => String(stableObjectId(key));

/**
 * `count` users with distinct tokens, spread over the roles like a committee's day (grid workers
 * most), each with its own fixture: a grid worker its own grid and record, a resident its own
 * record, a partner its own canteen. The first user of each role is the demo user (the street
 * admin sees every community of the scale). Found through the graph as the demo users.
 */
async function benchUsers(stack: Stack, scale: Scale, base: Fixture, count: number): Promise<User[]> {
  const ask = async <T>(role: Role, query: string, variables: Record<string, unknown> = {}) => {
    const { body } = await gql<T>(stack.gatewayUrl, query, variables, { authorization: `Bearer ${stack.tokens[role]}` });
    if (body.errors?.length || !body.data) throw new Error(`benchUsers: ${query}: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const [staff, residents, orgs] = await Promise.all([
    ask<{ staffMembers: { id: string; role: string; grids: { id: string }[] }[] }>(
      'COMMUNITY_STAFF',
      `query BenchStaff($c: ID!) { staffMembers(communityId: $c) { id role grids { id } } }`,
      {
        c: base.communityId,
      },
    ),
    ask<{ residents: { nodes: { id: string; household: { id: string } }[] } }>(
      'GRID_WORKER',
      `query BenchResidents($g: ID!) { residents(first: 40, filter: { gridId: $g }) { nodes { id household { id } } } }`,
      { g: base.gridId },
    ),
    ask<{ organizations: { id: string; kind: string }[] }>(
      'STREET_ADMIN',
      `query BenchCanteens { organizations(kind: "ELDER_CANTEEN") { id kind } }`,
    ),
  ]);
  const communities = Array.from({ length: COMMUNITIES[scale] }, (_, i) => id(`demo:community:${i}`));
  const demo = (role: Role) => DEMO_USERS[role];
  // Grid workers other than the demo one: one per grid first, then the grids' second workers.
  const allWorkers = staff.staffMembers
    .filter((s) => s.role === 'GRID_WORKER' && s.grids[0] && s.id !== demo('GRID_WORKER').staff_id)
    .map((s) => ({ id: s.id, grid: s.grids[0]!.id }));
  const firstPerGrid = allWorkers.filter((w, i) => allWorkers.findIndex((x) => x.grid === w.grid) === i);
  const workers = [...firstPerGrid, ...allWorkers.filter((w) => !firstPerGrid.includes(w))];
  const candidates: Record<Role, { claims: Record<string, unknown>; fixture: Partial<Fixture> }[]> = {
    STREET_ADMIN: [0, 1].map((i) => ({
      claims: { ...demo('STREET_ADMIN'), sub: `bench-street-admin-${i}`, community_ids: communities },
      fixture: {},
    })),
    COMMUNITY_STAFF: [
      { claims: { ...demo('COMMUNITY_STAFF') }, fixture: {} },
      ...staff.staffMembers
        .filter((s) => s.role !== 'GRID_WORKER' && s.id !== demo('COMMUNITY_STAFF').staff_id)
        .map((s) => ({
          claims: { sub: `bench-staff-${s.id}`, role: 'COMMUNITY_STAFF', staff_id: s.id, community_ids: [base.communityId] },
          fixture: {},
        })),
    ],
    GRID_WORKER: [
      { claims: { ...demo('GRID_WORKER') }, fixture: {} },
      ...workers.map((s) => ({
        claims: { sub: `bench-worker-${s.id}`, role: 'GRID_WORKER', staff_id: s.id, community_ids: [base.communityId], grid_ids: [s.grid] },
        fixture: { gridId: s.grid, workerId: s.id },
      })),
    ],
    RESIDENT: [
      { claims: { ...demo('RESIDENT') }, fixture: {} },
      ...residents.residents.nodes
        .filter((r, i, all) => r.id !== demo('RESIDENT').resident_id && all.findIndex((x) => x.household.id === r.household.id) === i)
        .map((r) => ({
          claims: {
            sub: `bench-resident-${r.id}`,
            role: 'RESIDENT',
            resident_id: r.id,
            household_id: r.household.id,
            community_ids: [base.communityId],
          },
          fixture: { residentId: r.id },
        })),
    ],
    PARTNER: [
      { claims: { ...demo('PARTNER') }, fixture: {} },
      ...orgs.organizations
        .filter((o) => o.id !== demo('PARTNER').org_id)
        .map((o) => ({ claims: { sub: `bench-partner-${o.id}`, role: 'PARTNER', org_id: o.id, org_kind: o.kind }, fixture: {} })),
    ],
    OPS: [{ claims: { ...demo('OPS') }, fixture: {} }],
  };
  // 20 users: 2 street admins, 4 community staff, 7 grid workers, 4 residents, 2 partners, 1 ops.
  const shares: Record<Role, number> = {
    STREET_ADMIN: 0.1,
    COMMUNITY_STAFF: 0.2,
    GRID_WORKER: 0.35,
    RESIDENT: 0.2,
    PARTNER: 0.1,
    OPS: 0.05,
  };
  // Only roles with operations in the list (`--only` may leave some out).
  const roles = ROLES.filter((role) => OPERATIONS.some((op) => op.role === role));
  const shareOf = roles.reduce((s, role) => s + shares[role], 0);
  const picked: { role: Role; claims: Record<string, unknown>; fixture: Partial<Fixture> }[] = [];
  for (const role of roles)
    picked.push(...candidates[role].slice(0, Math.max(1, Math.round((shares[role] / shareOf) * count))).map((c) => ({ role, ...c })));
  for (let i = 0; picked.length < count && i < 1000; i++) {
    const role = roles[i % roles.length]!;
    const next = candidates[role].find((c) => !picked.some((p) => p.claims.sub === c.claims.sub));
    if (next) picked.push({ role, ...next });
  }
  return Promise.all(
    picked.slice(0, count).map(async (p) => ({
      role: p.role,
      claims: p.claims,
      token: await issueToken(stack.keysDir, p.claims),
      fixture: { ...base, ...p.fixture },
    })),
  );
}

// ---------------------------------------------------------------- metrics of the subgraphs

const IGNORED_COMMANDS = new Set(['ping', 'hello', 'isMaster', 'ismaster', 'endSessions', 'killCursors', 'buildInfo']);

interface Counters {
  dbCommands: number;
  subgraphCalls: number;
  /** graphql_requests_total by operation label, summed over the subgraphs. */
  byOperation: Map<string, number>;
}

async function readCounters(stack: Stack): Promise<Counters> {
  const texts = await Promise.all(
    Object.values(stack.subgraphUrls).map(async (url) => (await fetch(url.replace(/\/graphql$/, '/metrics'))).text()),
  );
  const c: Counters = { dbCommands: 0, subgraphCalls: 0, byOperation: new Map() };
  for (const text of texts) {
    for (const [, labels, n] of text.matchAll(/^mongo_commands_total\{([^}]*)\} (\d+)/gm)) {
      const command = /command="([^"]+)"/.exec(labels!)?.[1] ?? '';
      if (!IGNORED_COMMANDS.has(command)) c.dbCommands += Number(n);
    }
    for (const [, labels, n] of text.matchAll(/^graphql_requests_total\{([^}]*)\} (\d+)/gm)) {
      const operation = /operation="([^"]+)"/.exec(labels!)?.[1] ?? '';
      c.subgraphCalls += Number(n);
      c.byOperation.set(operation, (c.byOperation.get(operation) ?? 0) + Number(n));
    }
  }
  return c;
}

/** The counters once they stop moving (two reads 500 ms apart agree), or after 30 s. */
async function settledCounters(stack: Stack): Promise<Counters> {
  let last = await readCounters(stack);
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    await sleep(500);
    const now = await readCounters(stack);
    if (now.dbCommands === last.dbCommands && now.subgraphCalls === last.subgraphCalls) return now;
    last = now;
  }
  return last;
}

// ---------------------------------------------------------------- one request

interface Target {
  mode: Mode;
  url: string;
  /** Headers of one request; `audience` is the subgraph a direct request goes to. */
  headers: (user: User, audience?: string) => Promise<Record<string, string>>;
}

async function targets(stack: Stack, hiveUrl: string | null): Promise<Record<Mode, Target | null>> {
  const bearer = async (u: User) => ({ authorization: `Bearer ${u.token}` });
  const signer = await identitySigner(stack.identity!.signingKeys.gateway!);
  return {
    apollo: { mode: 'apollo', url: stack.gatewayUrl, headers: bearer },
    hive: hiveUrl ? { mode: 'hive', url: hiveUrl, headers: bearer } : null,
    // The identity the gateway signs (EdDSA with the run's gateway key, for one call to one subgraph), afresh per request.
    direct: {
      mode: 'direct',
      url: '',
      headers: async (u, audience) => {
        const rid = randomUUID();
        return { [IDENTITY_HEADER]: await signIdentity(viewerFromClaims(u.claims), signer, audience!, rid), [REQUEST_ID_HEADER]: rid };
      },
    },
  };
}

interface Outcome {
  ms: number;
  error: string | null;
}

async function once(url: string, op: EverydayOperation, user: User, headers: Record<string, string>): Promise<Outcome> {
  const body = JSON.stringify({ query: op.query, variables: op.variables(user.fixture), operationName: op.name });
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    const json = (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
    const elapsed = performance.now() - started;
    const first = json.errors?.[0];
    if (res.status !== 200 || first)
      return { ms: elapsed, error: `${res.status} ${first ? `${first.extensions?.code ?? ''} ${first.message}` : ''}`.trim() };
    return { ms: elapsed, error: null };
  } catch (err) {
    return { ms: performance.now() - started, error: `${(err as Error).name}: ${(err as Error).message}` };
  }
}

// ---------------------------------------------------------------- phase 1: alone

interface AloneResult {
  p50: number;
  p99: number;
  errors: number;
  firstError: string | null;
  dbCommands: number;
  subgraphCalls: number;
  /** Apollo only: the fetches the gateway named after the operation. */
  gatewayFetches: number | null;
}

async function measureAlone(stack: Stack, target: Target, op: EverydayOperation, user: User): Promise<AloneResult> {
  const url = target.mode === 'direct' ? stack.subgraphUrls[op.subgraphs[0]!]! : target.url;
  for (let i = 0; i < opts.warmup; i++) await once(url, op, user, await target.headers(user, op.subgraphs[0]));
  // Commands and calls of one run: the least of two (a background job may add to one of them).
  const counts: { db: number; calls: number; fetches: number }[] = [];
  for (let i = 0; i < 2; i++) {
    const headers = await target.headers(user, op.subgraphs[0]);
    const before = await readCounters(stack);
    const outcome = await once(url, op, user, headers);
    // A request the gateway gave up on may still be working in the subgraph: count that work too.
    const after = outcome.error ? await settledCounters(stack) : await readCounters(stack);
    const named = (c: Counters) => [...c.byOperation].filter(([k]) => k.startsWith(`${op.name}__`)).reduce((s, [, n]) => s + n, 0);
    counts.push({
      db: after.dbCommands - before.dbCommands,
      calls: after.subgraphCalls - before.subgraphCalls,
      fetches: named(after) - named(before),
    });
  }
  const times: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  for (let i = 0; i < opts.iterations; i++) {
    const outcome = await once(url, op, user, await target.headers(user, op.subgraphs[0]));
    times.push(outcome.ms);
    if (outcome.error) {
      errors++;
      firstError ??= outcome.error;
    }
  }
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    errors,
    firstError,
    dbCommands: Math.min(...counts.map((c) => c.db)),
    subgraphCalls: Math.min(...counts.map((c) => c.calls)),
    gatewayFetches: target.mode === 'apollo' ? Math.min(...counts.map((c) => c.fetches)) : null,
  };
}

// ---------------------------------------------------------------- phase 2: 20 users

interface LoadResult {
  /** CPU seconds each kind of process spent during the load (/proc), by process kind. */
  cpu: Record<string, number>;
  /** Answers by operation (the mix the users got through: cheap operations cycle faster). */
  answered: Record<string, number>;
  /** Database commands a request by that mix (each operation's count alone), set after the run. */
  mixCommands?: number;
  /** Database commands and subgraph calls the subgraphs counted, a request, set after the run. */
  countedCommands?: number;
  countedCalls?: number;
  /** PostgreSQL sessions opened during the load (FerretDB opens one for each connection it replaces), when psql can tell. */
  pgSessions: number | null;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  /** GraphQL errors by operation and first message (for the notes). */
  errorsByOperation: Record<string, number>;
  firstErrors: Record<string, string>;
}

/** CPU milliseconds each kind of process spent per request of a load, largest first. */
function cpuPerRequest(r: LoadResult): string {
  return Object.entries(r.cpu)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${((v * 1000) / Math.max(1, r.requests)).toFixed(1)}`)
    .join(', ');
}

/**
 * Sessions PostgreSQL has opened for the engine's database so far (pg_stat_database), read with
 * psql from what engines.mjs reported ("PostgreSQL at host:port as user, database name"); null
 * when the engine is not FerretDB on PostgreSQL or psql is missing.
 */
function pgSessions(): number | null {
  const m = /PostgreSQL at ([^:\s]+):(\d+) as (\S+), database (\w+)/.exec(benchEnv().BENCH_MONGO_ENGINE);
  if (!m) return null;
  try {
    const out = execFileSync(
      'psql',
      ['-h', m[1]!, '-p', m[2]!, '-U', m[3]!, '-d', 'postgres', '-Atc', `select sessions from pg_stat_database where datname = '${m[4]}'`],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    return Number(out.trim());
  } catch {
    return null;
  }
}

async function measureLoad(url: string, users: User[], target: Target): Promise<LoadResult> {
  const cpuBefore = cpuByProcessKind();
  const sessionsBefore = pgSessions();
  const answered: Record<string, number> = {};
  const errorsByOperation: Record<string, number> = {};
  const firstErrors: Record<string, string> = {};
  // Gateways only: the same headers serve every request of a user (a direct identity is good for one call).
  const perUser = await Promise.all(
    users.map(async (user) => {
      const headers = { 'content-type': 'application/json', ...(await target.headers(user)) };
      return OPERATIONS.filter((op) => op.role === user.role).map((op) => ({
        method: 'POST' as const,
        path: new URL(url).pathname,
        headers,
        body: JSON.stringify({ query: op.query, variables: op.variables(user.fixture), operationName: op.name }),
        onResponse: (status: number, body: string) => {
          answered[op.name] = (answered[op.name] ?? 0) + 1;
          if (status === 200 && !body.includes('"errors"')) return;
          errorsByOperation[op.name] = (errorsByOperation[op.name] ?? 0) + 1;
          firstErrors[op.name] ??= `${status} ${body.slice(0, 200)}`;
        },
      }));
    }),
  );
  let next = 0;
  const result = await autocannon({
    url,
    connections: users.length,
    duration: opts.duration,
    timeout: CLIENT_TIMEOUT_MS / 1000,
    // Each connection is one user with its own token, cycling through its role's operations.
    setupClient: (client) => {
      const requests = perUser[next++ % perUser.length]!;
      client.setRequests(requests);
    },
  });
  const graphqlErrors = Object.values(errorsByOperation).reduce((s, n) => s + n, 0);
  const cpuAfter = cpuByProcessKind();
  const cpu = Object.fromEntries(
    Object.entries(cpuAfter)
      .map(([k, v]) => [k, v - (cpuBefore[k] ?? 0)])
      .filter(([, v]) => (v as number) > 0.05),
  );
  const sessionsAfter = pgSessions();
  return {
    cpu,
    answered,
    pgSessions: sessionsBefore === null || sessionsAfter === null ? null : sessionsAfter - sessionsBefore,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    // Socket errors and timeouts, plus every response that was not a 200 without GraphQL errors.
    errors: result.errors + graphqlErrors,
    errorsByOperation,
    firstErrors,
  };
}

// ---------------------------------------------------------------- the stack and Hive Gateway

/** Waits until the stack's processes use under 10% of a core for 3 s in a row (seeding, recounts and calendar runs are over). */
async function waitQuiet(processes: StackProcess[], maxMs = 240_000): Promise<number> {
  const ticks = (pid: number | undefined) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return 0;
    }
  };
  const started = Date.now();
  const total = () => processes.reduce((s, p) => s + ticks(p.pid), 0);
  let quiet = 0;
  let last = total();
  while (Date.now() - started < maxMs && quiet < 3) {
    await sleep(1_000);
    const now = total();
    quiet = now - last < 10 ? quiet + 1 : 0;
    last = now;
  }
  return Date.now() - started;
}

interface Hive {
  url: string | null;
  process: StackProcess | null;
  /** Why Hive Gateway was not measured, when it was not. */
  problem: string | null;
}

async function startHive(stack: Stack, smoke: { op: EverydayOperation; user: User }): Promise<Hive> {
  if (!opts.hive) return { url: null, process: null, problem: 'not measured: --no-hive' };
  let child: StackProcess | null = null;
  try {
    let sdl = readFileSync(join(ROOT, 'gateway/supergraph.graphql'), 'utf8');
    for (const [name, url] of Object.entries(stack.subgraphUrls)) {
      sdl = sdl.replace(new RegExp(`(@join__graph\\(name: "${name}", url: )"[^"]*"`), `$1"${url}"`);
    }
    const supergraphFile = join(stack.logDir, 'supergraph.hive.graphql');
    writeFileSync(supergraphFile, sdl);
    const port = await stackModule.freePort();
    child = stackModule.startProcess(
      'hive-gateway',
      join(ROOT, 'tests/dist/src/bench/hive-gateway.js'),
      {
        PORT: String(port),
        SUPERGRAPH_FILE: supergraphFile,
        JWKS_FILE: join(stack.keysDir, 'jwks.json'),
        IDENTITY_SIGNING_KEY: stack.identity!.signingKeys.gateway!,
        NODE_ENV: 'production',
      },
      stack.logDir,
    );
    await stackModule.waitHealthy(`http://127.0.0.1:${port}/health`, 60_000, child);
    const url = `http://127.0.0.1:${port}/graphql`;
    const check = await once(url, smoke.op, smoke.user, { authorization: `Bearer ${smoke.user.token}` });
    if (check.error) throw new Error(`${smoke.op.name} through Hive Gateway: ${check.error}`);
    // Our plugin must refuse what our gateway refuses: no token, a forged one.
    for (const headers of [{}, { authorization: `Bearer ${smoke.user.token.slice(0, -4)}AAAA` }] as Record<string, string>[]) {
      const refused = await gql(url, smoke.op.query, smoke.op.variables(smoke.user.fixture), headers);
      if (refused.status !== 401 || refused.body.errors?.[0]?.extensions?.code !== 'UNAUTHENTICATED') {
        throw new Error(
          `Hive Gateway answered ${refused.status} ${JSON.stringify(refused.body).slice(0, 200)} to a request ${'authorization' in headers ? 'with a forged token' : 'without a token'}`,
        );
      }
    }
    return { url, process: child, problem: null };
  } catch (err) {
    if (child) await stackModule.stopProcess(child);
    const tail = child && existsSync(child.logFile) ? readFileSync(child.logFile, 'utf8').trim().split('\n').slice(-5).join(' | ') : '';
    const problem = `not measured: ${(err as Error).message}${tail ? ` (log: ${tail.slice(0, 600)})` : ''}`;
    log(`Hive Gateway ${problem}`);
    return { url: null, process: null, problem };
  }
}

// ---------------------------------------------------------------- one scale

interface ScaleResult {
  scale: Scale;
  date: string;
  residents: number | null;
  households: number | null;
  communities: number;
  seedSeconds: number;
  /** The machine's 1-minute load average when the measurements began and ended (others' work on a shared machine shows here). */
  load1: [number, number];
  users: { role: Role; sub: string }[];
  hiveProblem: string | null;
  /** alone[op][mode] = one result per run. */
  alone: Record<string, Partial<Record<Mode, AloneResult[]>>>;
  load: Partial<Record<Mode, LoadResult[]>>;
}

/**
 * The whole stack at `scale` on its own databases, as the tests start it (startTestStack) but with
 * the demo loaded first by people-grids alone, without the stack's 2-minute start-up deadline:
 * 100,000 residents take longer than that to insert on a busy machine. The stack then starts on
 * the loaded databases (the demo is seeded only into an empty one).
 */
async function startBenchStack(scale: Scale): Promise<Stack & { seedSeconds: number }> {
  const id = runId();
  const logDir = join(tmpdir(), `jwh-bench-${id}`);
  const secrets = await secretsModule.devSecrets(join(logDir, 'keys'));
  const common = {
    MONGO_URL: env.MONGO_URL,
    REDIS_URL: env.REDIS_URL,
    MONGO_DB_PREFIX: id,
    QUEUE_PREFIX: id,
    SEED_DEMO: 'true',
    NODE_ENV: 'production',
    IDENTITY_PUBLIC_KEYS: secrets.identity.publicKeys,
    DEMO_SCALE: scale,
  };
  const t0 = Date.now();
  const port = await stackModule.freePort();
  const seeder = stackModule.startProcess(
    'people-grids-seed',
    join(ROOT, 'services/people-grids/dist/src/index.js'),
    { ...common, ...secrets.pii, PORT: String(port) },
    logDir,
  );
  running.seeder = seeder;
  try {
    await stackModule.waitHealthy(`http://127.0.0.1:${port}/health`, 30 * 60_000, seeder);
  } catch (err) {
    // Drop what the seeder wrote (stopTestStack drops the run's databases and queue keys).
    await stackModule.stopProcess(seeder);
    await stopTestStack({
      processes: [],
      subgraphUrls: {},
      gatewayUrl: '',
      gatewayPort: 0,
      common,
      logDir,
      keysDir: secrets.keysDir,
      tokens: {} as Stack['tokens'],
    });
    throw new Error(`loading the ${scale} demo: ${(err as Error).message} (log: ${seeder.logFile})`);
  } finally {
    await stackModule.stopProcess(seeder);
    running.seeder = null;
  }
  const seedSeconds = (Date.now() - t0) / 1000;
  const stack = await startStackOf(
    { id, logDir, secrets },
    { nodeEnv: 'production', extraEnv: { DEMO_SCALE: scale }, gatewayEnv: { RATE_LIMIT_PER_MINUTE: RATE_LIMIT } },
  );
  return { ...stack, seedSeconds };
}

/** What is running now, for the crash handler: a crash leaves no process behind. */
const running: { stack: Stack | null; hive: StackProcess | null; seeder: StackProcess | null } = { stack: null, hive: null, seeder: null };
const crashed = (err: unknown) => {
  process.stderr.write(`[dashboard] crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  const stop = async () => {
    if (running.seeder) await stackModule.stopProcess(running.seeder);
    if (running.hive) await stackModule.stopProcess(running.hive);
    if (running.stack) await stopTestStack(running.stack);
  };
  void stop().finally(() => process.exit(1));
};
process.once('uncaughtException', crashed);
process.once('unhandledRejection', crashed);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => crashed(new Error(signal)));

async function runScale(scale: Scale): Promise<ScaleResult> {
  log(`${scale}: starting the stack (DEMO_SCALE=${scale})…`);
  const t0 = Date.now();
  const stack = await startBenchStack(scale);
  running.stack = stack;
  let hive: Hive = { url: null, process: null, problem: null };
  try {
    const quietMs = await waitQuiet(stack.processes);
    const seedSeconds = stack.seedSeconds;
    log(
      `${scale}: demo loaded in ${seedSeconds.toFixed(0)} s; stack up and quiet after ${((Date.now() - t0) / 1000).toFixed(0)} s (waited ${(quietMs / 1000).toFixed(0)} s for background work); logs in ${stack.logDir}`,
    );
    const base = await discoverFixture(stack.gatewayUrl, stack.tokens);
    const users = await benchUsers(stack, scale, base, opts.users);
    log(`${scale}: ${users.length} users: ${ROLES.map((r) => `${users.filter((u) => u.role === r).length} ${r}`).join(', ')}`);
    const firstOf = (role: Role) => users.find((u) => u.role === role)!;
    const overview = await gql<{ communities: { householdCount: number; residentCount: number }[] }>(
      stack.gatewayUrl,
      `query BenchSize { communities { householdCount residentCount } }`,
      {},
      { authorization: `Bearer ${firstOf('STREET_ADMIN').token}` },
    );
    const sizes = overview.body.data?.communities ?? null;
    const smokeOp = OPERATIONS.find((o) => o.subgraphs.length > 1) ?? OPERATIONS[0]!;
    hive = await startHive(stack, { op: smokeOp, user: firstOf(smokeOp.role) });
    running.hive = hive.process;
    const t = await targets(stack, hive.url);
    const result: ScaleResult = {
      scale,
      date: new Date().toISOString(),
      residents: sizes ? sizes.reduce((s, c) => s + c.residentCount, 0) : null,
      households: sizes ? sizes.reduce((s, c) => s + c.householdCount, 0) : null,
      communities: COMMUNITIES[scale],
      seedSeconds,
      load1: [loadavg()[0]!, 0],
      users: users.map((u) => ({ role: u.role, sub: String(u.claims.sub) })),
      hiveProblem: hive.problem,
      alone: {},
      load: {},
    };
    for (let run = 1; run <= opts.runs; run++) {
      log(`${scale}: run ${run}/${opts.runs}: each operation alone (${opts.warmup} warm-ups, ${opts.iterations} timed)`);
      for (const op of OPERATIONS) {
        const user = firstOf(op.role);
        const line: string[] = [];
        for (const mode of MODES) {
          const target = t[mode];
          if (!target || (mode === 'direct' && op.subgraphs.length !== 1)) continue;
          const r = await measureAlone(stack, target, op, user);
          ((result.alone[op.name] ??= {})[mode] ??= []).push(r);
          line.push(
            `${mode} p50 ${ms(r.p50)} p99 ${ms(r.p99)} ms${r.errors ? ` (${r.errors} errors: ${r.firstError})` : ''} db ${r.dbCommands} calls ${r.subgraphCalls}`,
          );
        }
        log(`  ${op.name.padEnd(24)} ${line.join(' | ')}`);
      }
      // Gateways take turns going first (odd runs ours, even runs Hive's), each after the work a
      // previous load left (requests past their deadline, background jobs) has drained.
      for (const mode of run % 2 ? (['apollo', 'hive'] as const) : (['hive', 'apollo'] as const)) {
        const target = t[mode];
        if (!target) continue;
        await new Promise((r) => setTimeout(r, 5_000));
        log(`${scale}: run ${run}/${opts.runs}: ${users.length} users for ${opts.duration} s through ${mode}…`);
        const counted = await readCounters(stack);
        const r = await measureLoad(target.url, users, target);
        // What the subgraphs counted during the load (work that finished after the load included).
        const after = await settledCounters(stack);
        r.countedCommands = (after.dbCommands - counted.dbCommands) / Math.max(1, r.requests);
        r.countedCalls = (after.subgraphCalls - counted.subgraphCalls) / Math.max(1, r.requests);
        (result.load[mode] ??= []).push(r);
        // Database commands a request would cost by the mix answered (each operation's count alone):
        // a gateway that answers cheap operations faster gets a cheaper mix from the same users.
        const mixCommands =
          Object.entries(r.answered).reduce((n, [name, k]) => n + k * (result.alone[name]?.apollo?.at(-1)?.dbCommands ?? 0), 0) /
          Math.max(1, r.requests);
        r.mixCommands = mixCommands;
        log(
          `  ${mode}: ${r.rps.toFixed(1)} requests/s, p50 ${ms(r.p50)} ms, p99 ${ms(r.p99)} ms, ${r.errors} errors of ${r.requests}${r.errors ? ` ${JSON.stringify(r.errorsByOperation)}` : ''}; CPU ms a request: ${cpuPerRequest(r)}; database commands a request by the mix answered: ${mixCommands.toFixed(1)}, counted: ${r.countedCommands!.toFixed(1)}; subgraph calls a request counted: ${r.countedCalls!.toFixed(2)}; PostgreSQL sessions opened: ${r.pgSessions ?? 'unknown'}`,
        );
      }
    }
    result.load1[1] = loadavg()[0]!;
    return result;
  } finally {
    if (hive.process) await stackModule.stopProcess(hive.process);
    await stopTestStack(stack);
    running.stack = null;
    running.hive = null;
  }
}

// ---------------------------------------------------------------- the report

async function engineDetails(): Promise<string> {
  const conn = await mongoose.createConnection(env.MONGO_URL).asPromise();
  try {
    const info = (await conn.db!.admin().command({ buildInfo: 1 })) as { version?: string; ferretdbVersion?: string };
    let backend = '';
    try {
      const { log: lines } = (await conn.db!.admin().command({ getLog: 'startupWarnings' })) as { log?: string[] };
      backend = (lines ?? []).map((l) => /Powered by ([^"]+?)\.?"/.exec(l)?.[1]).find(Boolean) ?? '';
    } catch {
      // MongoDB answers getLog differently; its version is enough.
    }
    return info.ferretdbVersion ? backend || `FerretDB ${info.ferretdbVersion}` : `MongoDB ${info.version}`;
  } finally {
    await conn.close();
  }
}

function machineLines(engine: string): string[] {
  const cpu = cpus();
  return [
    `- Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory`,
    `- Node ${process.version}`,
    `- MongoDB engine (scripts/engines.mjs): ${env.BENCH_MONGO_ENGINE}`,
    `- Engine versions: ${engine}`,
    `- Redis: ${env.BENCH_REDIS_ENGINE}`,
  ];
}

const GOALS = { full: { p50: 150, p99: 400 }, district: { p50: 500, p99: Infinity } } as const;

function scaleSection(r: ScaleResult, engine: string): string {
  const m = (op: string, mode: Mode, f: (x: AloneResult) => number) => {
    const runs = r.alone[op]?.[mode];
    return runs ? median(runs.map(f)) : undefined;
  };
  const goal = GOALS[r.scale];
  const lines = [
    `### ${r.scale === 'full' ? 'Full demo' : 'District scale'} (\`DEMO_SCALE=${r.scale}\`: ${r.communities} communities, ${r.households ?? '?'} households, ${r.residents ?? '?'} residents)`,
    '',
    `Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC; ${opts.runs} run${opts.runs > 1 ? 's (medians)' : ''}; each operation alone: ${opts.warmup} warm-up${opts.warmup === 1 ? '' : 's'} then ${opts.iterations} sequential requests; demo data loaded in ${r.seedSeconds.toFixed(0)} s.`,
    '',
    ...machineLines(engine),
    `- Load average (1 min) of the machine: ${r.load1[0].toFixed(1)} when the measurements began, ${r.load1[1].toFixed(1)} when they ended (${cpus().length} cores: above that, other work shared the machine)`,
    `- Hive Gateway: ${r.hiveProblem ?? '@graphql-hive/gateway with @graphql-hive/router-runtime (Rust query planner), our identity plugin, same subgraphs and supergraph, upstream timeout 2 s'}`,
    `- Goal (issue 12): p50 ≤ ${goal.p50} ms${Number.isFinite(goal.p99) ? `, p99 ≤ ${goal.p99} ms` : ''} and no errors alone, through our gateway; ✗ marks a miss.`,
    '',
    '| operation | role | subgraphs | ours p50 | ours p99 | Hive p50 | Hive p99 | subgraph p50 | subgraph p99 | db commands | subgraph calls (ours: gateway + between subgraphs) | Hive subgraph calls | errors (ours / Hive / subgraph) |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const op of OPERATIONS) {
    const p50 = m(op.name, 'apollo', (x) => x.p50);
    const p99 = m(op.name, 'apollo', (x) => x.p99);
    const failed = (r.alone[op.name]?.apollo ?? []).some((x) => x.errors > 0);
    const miss = (p50 ?? Infinity) > goal.p50 || (p99 ?? Infinity) > goal.p99 || failed ? ' ✗' : '';
    const fetches = m(op.name, 'apollo', (x) => x.gatewayFetches ?? NaN);
    const calls = m(op.name, 'apollo', (x) => x.subgraphCalls);
    const errs = (mode: Mode) => {
      const runs = r.alone[op.name]?.[mode];
      return runs ? String(runs.reduce((s, x) => s + x.errors, 0)) : '–';
    };
    lines.push(
      `| ${op.name}${miss} | ${op.role} | ${op.subgraphs.join(', ')} | ${ms(p50)} | ${ms(p99)} | ${ms(m(op.name, 'hive', (x) => x.p50))} | ${ms(m(op.name, 'hive', (x) => x.p99))} | ${ms(m(op.name, 'direct', (x) => x.p50))} | ${ms(m(op.name, 'direct', (x) => x.p99))} | ${m(op.name, 'apollo', (x) => x.dbCommands) ?? '–'} | ${fetches === undefined || Number.isNaN(fetches) ? '–' : `${fetches} + ${(calls ?? 0) - fetches}`} | ${m(op.name, 'hive', (x) => x.subgraphCalls) ?? '–'} | ${errs('apollo')} / ${errs('hive')} / ${errs('direct')} |`,
    );
  }
  const roles = ROLES.map((role) => `${r.users.filter((u) => u.role === role).length} ${role}`).join(', ');
  lines.push(
    '',
    `${r.users.length} users with distinct tokens (${roles}), each cycling through its role's operations for ${opts.duration} s, no think time (autocannon, one connection per user); errors are socket errors, timeouts, non-200 answers and answers with GraphQL errors. Our gateway's per-user rate limit was raised for the run (Hive Gateway has none).`,
    '',
    '| gateway | requests/s | p50 ms | p99 ms | errors | requests | database commands a request: by the mix answered / counted | subgraph calls a request, counted | PostgreSQL sessions opened (median run) | CPU ms a request, by process (median run) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const [mode, label] of [
    ['apollo', 'ours (@apollo/gateway)'],
    ['hive', 'Hive Gateway (router runtime)'],
  ] as const) {
    const runs = r.load[mode];
    if (!runs?.length) {
      lines.push(`| ${label} | – | – | – | – | – | – | – | – | – |`);
      continue;
    }
    lines.push(
      `| ${label} | ${median(runs.map((x) => x.rps)).toFixed(1)} | ${ms(median(runs.map((x) => x.p50)))} | ${ms(median(runs.map((x) => x.p99)))} | ${runs.reduce((s, x) => s + x.errors, 0)} | ${runs.reduce((s, x) => s + x.requests, 0)} | ${median(runs.map((x) => x.mixCommands ?? 0)).toFixed(1)} / ${median(runs.map((x) => x.countedCommands ?? 0)).toFixed(1)} | ${median(runs.map((x) => x.countedCalls ?? 0)).toFixed(2)} | ${[...runs].sort((a, b) => a.rps - b.rps)[runs.length >> 1]!.pgSessions ?? '–'} | ${cpuPerRequest([...runs].sort((a, b) => a.rps - b.rps)[runs.length >> 1]!)} |`,
    );
  }
  const notes: string[] = [];
  for (const op of OPERATIONS) {
    for (const mode of MODES) {
      const first = r.alone[op.name]?.[mode]?.find((x) => x.firstError)?.firstError;
      if (first) notes.push(`- ${op.name}, alone, ${mode}: ${first.replace(/\|/g, '\\|').slice(0, 240)}`);
    }
  }
  for (const mode of ['apollo', 'hive'] as const) {
    for (const run of r.load[mode] ?? []) {
      for (const [op, n] of Object.entries(run.errorsByOperation))
        notes.push(
          `- ${op}, 20 users, ${mode}: ${n} errors, e.g. ${run.firstErrors[op]?.replace(/\|/g, '\\|').replace(/\n/g, ' ').slice(0, 240)}`,
        );
    }
  }
  if (notes.length) lines.push('', 'Errors seen:', '', ...[...new Set(notes)].slice(0, 60));
  return lines.join('\n');
}

const B1_INTRO = `## B1 dashboard operations

\`npm run bench -- dashboard\` (tests/src/bench/dashboard.bench.ts; options \`--scale full|district\`,
\`--runs\`, \`--iterations\`, \`--duration\`, \`--only Name,Name\`, \`--no-hive\`). The operations are the
fixed list in tests/src/everyday-operations.ts (the full-demo test runs the same list in \`npm test\`).
"Ours" is the Apollo gateway of this repository; "Hive" is Hive Gateway with its Rust query planner
on the same subgraphs and supergraph; "subgraph" sends single-subgraph operations straight to the
owning subgraph with the identity header the gateway signs (the gateway's overhead is the
difference). Database commands are the subgraphs' \`mongo_commands_total\` for one request (health
pings left out); subgraph calls are the subgraphs' \`graphql_requests_total\` for one request: the
fetches our gateway made (named after the operation) plus the calls subgraphs made to each other.`;

const SKELETON = `# Benchmarks

Regenerated by \`npm run bench\`: each benchmark rewrites its own section between its markers and
leaves the others as they are.

<!-- B1:begin -->
<!-- B1:end -->

## B3 the 1% draw from 1,000,000 residents

<!-- B3:begin -->
_Not measured yet on this engine: \`npm run bench -- evaluations\`._
<!-- B3:end -->

## B4 100,000 reminders

<!-- B4:begin -->
_Not measured yet on this engine: \`npm run bench -- reminders\`._
<!-- B4:end -->

## B5 a 100,000-row XLSX register import

<!-- B5:begin -->
_Not measured yet on this engine._
<!-- B5:end -->
`;

function writeReport(results: ScaleResult[], engine: string) {
  const file = join(ROOT, 'docs/benchmarks.md');
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : SKELETON;
  const b1 = /<!-- B1:(?:begin|start) -->([\s\S]*?)<!-- B1:end -->/.exec(doc)?.[1] ?? '';
  // A scale measured now replaces its table; the other scale's table from an earlier run stays.
  let inner = b1.includes('<!-- B1-full:begin -->')
    ? b1.trim()
    : `${B1_INTRO}\n\n<!-- B1-full:begin -->\n_Not measured yet._\n<!-- B1-full:end -->\n\n<!-- B1-district:begin -->\n_Not measured yet._\n<!-- B1-district:end -->`;
  for (const r of results) inner = replaceMarkedBlock(inner, `B1-${r.scale}`, scaleSection(r, engine));
  doc = replaceMarkedBlock(doc, 'B1', inner);
  writeFileSync(file, doc);
  log(`wrote ${file}`);
}

// ---------------------------------------------------------------- main

log(`engine: ${env.BENCH_MONGO_ENGINE}; ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`);
log(
  `${OPERATIONS.length} operations, scales ${opts.scales.join(' and ')}, ${opts.runs} run(s), ${opts.iterations} iterations, ${opts.duration} s with ${opts.users} users`,
);
const results: ScaleResult[] = [];
let engine = '';
for (const scale of opts.scales) {
  results.push(await runScale(scale));
  // Asked after a run: FerretDB names its backend's version only once it has connected to it.
  engine ||= await engineDetails();
  if (opts.write) writeReport(results, engine);
}
for (const r of results) process.stdout.write(`\n${scaleSection(r, engine)}\n`);
