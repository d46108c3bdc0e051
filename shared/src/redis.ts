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
