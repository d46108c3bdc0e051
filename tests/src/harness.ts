import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Role } from '@jwh/platform';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { env } from './environment.js';
import { ROOT } from './paths.js';

export { ROOT };

export interface StackProcess extends ChildProcess {
  logFile: string;
  procName: string;
  /** The environment it was started with (to restart it in a test). */
  procEnv?: Record<string, string>;
}
/** The run's identity keys (scripts/secrets.mjs): the public set and each holder's private key. */
export interface IdentityKeys {
  publicKeys: string;
  signingKeys: Record<string, string>;
}
export interface Stack {
  processes: StackProcess[];
  subgraphUrls: Record<string, string>;
  gatewayUrl: string;
  gatewayPort: number;
  common: Record<string, string>;
  logDir: string;
  keysDir: string;
  /** One demo token per role. */
  tokens: Record<Role, string>;
  /** The identity keys the processes were given. */
  identity?: IdentityKeys;
}
interface StackModule {
  startStack(o: Record<string, unknown>): Promise<Omit<Stack, 'logDir' | 'keysDir' | 'tokens'>>;
  stopStack(stack: Omit<Stack, 'logDir' | 'keysDir' | 'tokens'>): Promise<void>;
  startProcess(name: string, script: string, env: Record<string, string>, logDir: string): StackProcess;
  stopProcess(child: ChildProcess, signal?: string): Promise<void>;
  waitHealthy(url: string, timeoutMs?: number, child?: ChildProcess): Promise<void>;
  freePort(preferred?: number): Promise<number>;
}
export const stackModule = (await import(pathToFileURL(join(ROOT, 'scripts/stack.mjs')).href)) as StackModule;
interface SecretsModule {
  devSecrets(dir: string): Promise<{ jwksFile: string; identity: IdentityKeys; pii: Record<string, string>; keysDir: string }>;
  demoTokens(dir: string): Promise<Record<Role, string>>;
}
export const secretsModule = (await import(pathToFileURL(join(ROOT, 'scripts/secrets.mjs')).href)) as SecretsModule;

/** A run id for database names and queue prefixes: tests never share data. */
export const runId = () => `t${randomBytes(4).toString('hex')}_`;

/** Starts the whole federation on the engines `npm test` provisioned, with its own databases. */
export async function startTestStack(
  opts: { gatewayEnv?: Record<string, string>; nodeEnv?: string; extraEnv?: Record<string, string>; startTimeoutMs?: number } = {},
): Promise<Stack> {
  const id = runId();
  const logDir = join(tmpdir(), `jwh-e2e-${id}`);
  const secrets = await secretsModule.devSecrets(join(logDir, 'keys'));
  return startStackOf(
    { id, logDir, secrets },
    {
      nodeEnv: opts.nodeEnv ?? 'test',
      extraEnv: { DEMO_SCALE: 'small', ...opts.extraEnv },
      startTimeoutMs: opts.startTimeoutMs,
      // 5 s, not the gateway's 2 s default: CI shares two cores with the engines and every process of
      // the stack; latency is the benchmark's business (npm run bench), not the tests'.
      gatewayEnv: { SUBGRAPH_TIMEOUT_MS: '5000', ...opts.gatewayEnv },
    },
  );
}

/**
 * Starts the federation of run `id` (its own databases and queue keys, demo data, logs in `logDir`)
 * with `secrets`, and gives it the keys and the demo users' tokens the tests and benchmarks ask with.
 */
export async function startStackOf(
  run: { id: string; logDir: string; secrets: Awaited<ReturnType<SecretsModule['devSecrets']>> },
  opts: { nodeEnv: string; extraEnv: Record<string, string>; gatewayEnv: Record<string, string>; startTimeoutMs?: number },
): Promise<Stack> {
  const { id, logDir, secrets } = run;
  const stack = await stackModule.startStack({
    secrets,
    mongoUrl: env.MONGO_URL,
    redisUrl: env.REDIS_URL,
    dbPrefix: id,
    queuePrefix: id,
    logDir,
    seed: true,
    ...opts,
  });
  return {
    ...stack,
    logDir,
    keysDir: secrets.keysDir,
    identity: secrets.identity,
    tokens: await secretsModule.demoTokens(secrets.keysDir),
  };
}

/**
 * Starts the federation before a test file's tests and stops it after them. The returned object is
 * filled in by the time the first test runs.
 */
export function stackForTests(opts: Parameters<typeof startTestStack>[0] = {}): Stack {
  const stack = {} as Stack;
  before(async () => {
    Object.assign(stack, await startTestStack(opts));
  });
  after(async () => {
    await stopTestStack(stack);
  });
  return stack;
}

/** Stops the stack and removes its databases and queue keys (the engines may be a real MongoDB). */
export async function stopTestStack(stack: Stack): Promise<void> {
  await stackModule.stopStack(stack);
  const prefix = stack.common.MONGO_DB_PREFIX!;
  const conn = await mongoose.createConnection(env.MONGO_URL).asPromise();
  try {
    const { databases } = await conn.db!.admin().listDatabases({ nameOnly: true });
    for (const db of databases.filter((d) => d.name.startsWith(prefix))) await conn.useDb(db.name).dropDatabase();
  } finally {
    await conn.close();
  }
  const redis = new Redis(env.REDIS_URL);
  try {
    const keys = await redis.keys(`${stack.common.QUEUE_PREFIX}:*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

export const processOf = (stack: Stack, name: string) => {
  const p = stack.processes.find((x) => x.procName === name);
  if (!p) throw new Error(`no process ${name}`);
  return p;
};

/** Everything the stack's processes logged so far. */
export const logsOf = (stack: Stack) => stack.processes.map((p) => readFileSync(p.logFile, 'utf8')).join('\n');

/** The services that logged a GraphQL request with `requestId`, once each time (after a moment for the logs to be written). */
export async function servicesCalledWith(stack: Stack, requestId: string): Promise<string[]> {
  await new Promise((r) => setTimeout(r, 200));
  return logsOf(stack)
    .split('\n')
    .filter((l) => l.includes(requestId) && l.includes('"graphql request"'))
    .map((l) => (JSON.parse(l) as { service: string }).service);
}

/** The Authorization header of a demo user. */
export const as = (stack: Stack, role: Role) => ({ authorization: `Bearer ${stack.tokens[role]}` });

/** The queue API the recount helpers use (a BullMQ queue of people-grids' grid-stats jobs). */
interface RecountQueue {
  getJobCounts(...states: string[]): Promise<Record<string, number>>;
  add(name: string, data: { communityId: string }): Promise<{ id?: string; getState(): Promise<string> }>;
  getJob(id: string): Promise<{ returnvalue: unknown } | undefined>;
}

/**
 * People-grids' recount jobs of a stack, through `queue` (opened by the caller, closed by it):
 * `settled` waits for the recounts queued at start (a recount racing a single write could undo its
 * `$inc`); `run` runs the recount of a community in the worker and returns what it had to set right.
 */
export function recountJobs(queue: () => RecountQueue) {
  const settled = async () => {
    for (let i = 0; i < 600; i++) {
      const c = await queue().getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(c).every((n) => n === 0)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the start-up recounts did not finish');
  };
  const run = async (communityId: string) => {
    const job = await queue().add('recount', { communityId });
    for (let i = 0; i < 600; i++) {
      const state = await job.getState();
      if (state === 'completed') return (await queue().getJob(job.id!))!.returnvalue as { changed: Record<string, number> };
      if (state === 'failed') throw new Error('recount failed');
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the recount did not finish');
  };
  return { settled, run };
}
