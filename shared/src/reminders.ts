import { createHash } from 'node:crypto';
import type { Redis } from './redis.js';

/** Who a reminder is for: a staff member or a resident (ids of people-grids). */
export interface Recipient {
  type: 'STAFF' | 'RESIDENT';
  id: string;
}

/** A reminder to fire at `fireAt` about `entityId` (due at `dueAt`); `data` carries ids and dates only. */
export interface ReminderSpec {
  kind: string;
  entityId: string;
  recipient: Recipient;
  /** The due time the reminder is about (a deadline, a birthday, a shift), ISO 8601. */
  dueAt: string;
  fireAt: Date;
  data?: Record<string, string | number | boolean | null>;
}

export interface ReminderJob {
  kind: string;
  entityId: string;
  recipient: Recipient;
  dueAt: string;
  data: Record<string, string | number | boolean | null>;
}

const slotOf = (kind: string, entityId: string, recipient: Recipient) => `${kind}|${entityId}|${recipient.type}|${recipient.id}`;

/**
 * The job id of a reminder: derived from (kind, entity, recipient, due time), so a retry or a second
 * producer adds the same job (BullMQ ignores a duplicate id) and the notification it makes has one
 * id. Hashed: BullMQ ids may not contain `:` and should stay short.
 */
export function reminderJobId(kind: string, entityId: string, recipient: Recipient, dueAt: string): string {
  return `r-${createHash('sha256')
    .update(`${slotOf(kind, entityId, recipient)}|${dueAt}`)
    .digest('hex')
    .slice(0, 32)}`;
}

/**
 * Workers refuse to start unless Redis keeps every key under memory pressure: with an evicting
 * policy, BullMQ's job keys (and delayed reminders) could silently disappear.
 */
export async function assertNoEviction(redis: Redis): Promise<void> {
  if (redis.status !== 'ready')
    await new Promise<void>((resolve, reject) => {
      redis.once('ready', resolve);
      setTimeout(() => reject(new Error('Redis not reachable within 10 s')), 10_000).unref();
    });
  const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
  const policy = reply[1];
  if (policy !== 'noeviction')
    throw new Error(`Redis maxmemory-policy is "${policy}"; workers need "noeviction" (CONFIG SET maxmemory-policy noeviction)`);
}
