import { createHash } from 'node:crypto';
import type { JobsOptions, Queue } from 'bullmq';
import { assertNoPii } from './queue.js';
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
 * Schedules reminders as delayed BullMQ jobs. Each (kind, entity, recipient) has one current job,
 * recorded in a Redis hash: scheduling it with another due time replaces the old job (removed,
 * and in any case skipped when it fires, as it is no longer current); cancelling removes it.
 */
export class ReminderScheduler {
  constructor(
    private readonly queue: Queue,
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private get currentKey() {
    return `${this.prefix}:reminders:current`;
  }
  private entityKey(kind: string, entityId: string) {
    return `${this.prefix}:reminders:entity:${kind}|${entityId}`;
  }

  async schedule(spec: ReminderSpec, opts: JobsOptions = {}): Promise<string> {
    const job: ReminderJob = {
      kind: spec.kind,
      entityId: spec.entityId,
      recipient: spec.recipient,
      dueAt: spec.dueAt,
      data: spec.data ?? {},
    };
    assertNoPii(job);
    const id = reminderJobId(spec.kind, spec.entityId, spec.recipient, spec.dueAt);
    const slot = slotOf(spec.kind, spec.entityId, spec.recipient);
    const previous = await this.redis.hget(this.currentKey, slot);
    // The same reminder already fired (a repeated event, a catch-up run): nothing to do.
    if (previous === `fired:${id}`) return id;
    await this.redis.multi().hset(this.currentKey, slot, id).sadd(this.entityKey(spec.kind, spec.entityId), slot).exec();
    if (previous && previous !== id) await this.queue.remove(previous).catch(() => 0);
    // One clock reading for both: the job's timestamp + delay is exactly the fire time.
    const now = Date.now();
    await this.queue.add(spec.kind, job, { ...opts, jobId: id, timestamp: now, delay: Math.max(0, spec.fireAt.getTime() - now) });
    return id;
  }

  /** Cancels the reminders of an entity (all recipients, or one). */
  async cancel(kind: string, entityId: string, recipient?: Recipient): Promise<number> {
    const slots = recipient ? [slotOf(kind, entityId, recipient)] : await this.redis.smembers(this.entityKey(kind, entityId));
    let removed = 0;
    for (const slot of slots) {
      const id = await this.redis.hget(this.currentKey, slot);
      await this.redis.multi().hdel(this.currentKey, slot).srem(this.entityKey(kind, entityId), slot).exec();
      if (id) removed += await this.queue.remove(id).catch(() => 0);
    }
    return removed;
  }

  /** True when `jobId` is still the current job of its (kind, entity, recipient). */
  async isCurrent(job: ReminderJob, jobId: string): Promise<boolean> {
    return (await this.redis.hget(this.currentKey, slotOf(job.kind, job.entityId, job.recipient))) === jobId;
  }

  /** After firing: the slot is free again (a later due time schedules anew). */
  async fired(job: ReminderJob, jobId: string): Promise<void> {
    const slot = slotOf(job.kind, job.entityId, job.recipient);
    // Only if still ours: compare-and-delete in one script.
    await this.redis.eval(
      `if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('hdel', KEYS[1], ARGV[1]) else return 0 end`,
      1,
      this.currentKey,
      slot,
      jobId,
    );
  }
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
