import { randomUUID } from 'node:crypto';
import type { Redis } from './redis.js';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Runs `fn` while holding a single-Redis mutual-exclusion lock on `key` (SET NX PX; released only by
 * its holder). For the few read-check-write steps the databases cannot make atomic (FerretDB does
 * not serialise guarded updates), e.g. a points balance. Waits up to `waitMs` (default 5 s).
 */
export async function withLock<T>(
  redis: Redis,
  key: string,
  fn: () => Promise<T>,
  opts: { ttlMs?: number; waitMs?: number } = {},
): Promise<T> {
  const token = randomUUID();
  const ttl = opts.ttlMs ?? 10_000;
  const deadline = Date.now() + (opts.waitMs ?? 5_000);
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    if ((await redis.set(key, token, 'PX', ttl, 'NX')) === 'OK') break;
    if (Date.now() > deadline) throw new Error(`lock ${key} busy`);
    await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
  }
  try {
    return await fn();
  } finally {
    await redis.eval(RELEASE, 1, key, token);
  }
}
