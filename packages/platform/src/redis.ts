import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

export type { Redis };

/**
 * Every ioredis client comes from here. `worker` clients (BullMQ workers, blocking commands) use
 * `maxRetriesPerRequest: null` as BullMQ's production guide requires; `client` clients fail fast.
 */
export function createRedis(url: string, role: 'worker' | 'client', logger: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 3,
    enableOfflineQueue: role === 'worker',
    lazyConnect: false,
  });
  redis.on('error', (err: Error) => logger.warn({ err: { message: err.message }, role }, 'redis error'));
  return redis;
}

/**
 * Resolves once `redis` is connected (a client without an offline queue refuses commands until
 * then: start-up work must wait for it); rejects after `timeoutMs`.
 */
export async function redisReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    redis.once('ready', resolve);
    setTimeout(() => reject(new Error(`Redis not reachable within ${timeoutMs / 1000} s`)), timeoutMs).unref();
  });
}

/**
 * Workers refuse to start unless Redis keeps every key under memory pressure: with an evicting
 * policy, BullMQ's job keys (and delayed reminders) could silently disappear.
 */
export async function assertNoEviction(redis: Redis): Promise<void> {
  await redisReady(redis);
  const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
  const policy = reply[1];
  if (policy !== 'noeviction')
    throw new Error(`Redis maxmemory-policy is "${policy}"; workers need "noeviction" (CONFIG SET maxmemory-policy noeviction)`);
}
