import {
  PERSONAL_JOB_NAME,
  QUEUE_NAMES,
  RESIDENT_KINDS,
  isPersonalReminder,
  personalJobSchema,
  reminderJobId,
  reminderJobSchema,
  type PersonalJobData,
  type Recipient,
  type ReminderJob,
  type ReminderProducer,
  type ReminderSpec,
} from '@jwh/contracts';
import { Queue, UnrecoverableError, type Job, type JobsOptions } from 'bullmq';
import { createHmac, randomBytes } from 'node:crypto';
import { JOB_DEFAULTS, assertNoPii } from './queue.js';
import type { Redis } from './redis.js';

/** How long a personal reminder's content is kept after its fire time (a failed job retried by ops needs it). */
const CONTENT_TTL_MS = 30 * 86_400_000;

const slotOf = (kind: string, entityId: string, recipient: Recipient) => `${kind}|${entityId}|${recipient.type}|${recipient.id}`;

/** A reminder whose fire time is further in the past than this is stale (a late event, a catch-up run): not scheduled. */
const STALE_MS = 86_400_000;

// Compare-and-set of the newest change time applied for a subject (kept 120 days).
const NEWER = `local v = redis.call('get', KEYS[1]) if v and v > ARGV[1] then return 0 end redis.call('set', KEYS[1], ARGV[1], 'EX', 10368000) return 1`;

/**
 * The one reminder scheduler every domain schedules through, into the one reminders queue
 * (`QUEUE_NAMES.reminders`); people-grids' delivery worker fires the jobs. Each job is checked
 * against the contract (`reminderJobSchema` of @jwh/contracts) before it is queued.
 *
 * Schedules reminders as delayed BullMQ jobs. Each (kind, entity, recipient) has one current job,
 * recorded in a Redis hash: scheduling it with another due time replaces the old job (removed, and
 * in any case skipped when it fires, as it is no longer current); cancelling removes it.
 *
 * Job ids are derived from (kind, entity, recipient, due time), so a retry or a second producer adds
 * the same job (BullMQ ignores a duplicate id) and the notification it makes has one id. A personal
 * reminder's job id is an HMAC of them under a key kept in Redis (created once, shared by every
 * producer; ops, who see job names, ids and data, never see it), its name is `personal` and its data
 * the recipient's type: no resident id, birthday or age tier. Its content is kept under the job id in
 * Redis until it fires (and its slot and entity keys are HMACs too).
 */
export class ReminderScheduler {
  private key: Promise<Buffer> | null = null;

  /**
   * @param queue the reminders queue (`QUEUE_NAMES.reminders`)
   * @param redis a client for the scheduler's own keys (current jobs, personal content, the HMAC key)
   * @param prefix the deployment's queue prefix (`QUEUE_PREFIX`)
   * @param producer the domain scheduling (recorded on each job); none for tests and tools
   */
  constructor(
    private readonly queue: Queue,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly producer?: ReminderProducer,
  ) {}

  private get currentKey() {
    return `${this.prefix}:reminders:current`;
  }
  private contentKey(jobId: string) {
    return `${this.prefix}:reminders:content:${jobId}`;
  }

  /** The HMAC key: the first process to ask creates it. */
  private hmacKey(): Promise<Buffer> {
    this.key ??= (async () => {
      const name = `${this.prefix}:reminders:key`;
      await this.redis.set(name, randomBytes(32).toString('hex'), 'NX');
      const hex = await this.redis.get(name);
      if (!hex) throw new Error('reminder key missing in Redis');
      return Buffer.from(hex, 'hex');
    })().catch((err: unknown) => {
      this.key = null;
      throw err;
    });
    return this.key;
  }
  private async mac(text: string) {
    return createHmac('sha256', await this.hmacKey())
      .update(text)
      .digest('hex')
      .slice(0, 32);
  }

  /** The Redis field of a reminder's slot: the plain slot, or its HMAC for a personal reminder. */
  private async slotKey(kind: string, entityId: string, recipient: Recipient) {
    const slot = slotOf(kind, entityId, recipient);
    return isPersonalReminder({ kind, recipient }) ? `h:${await this.mac(slot)}` : slot;
  }
  private async entityKey(kind: string, entityId: string) {
    const entity = `${kind}|${entityId}`;
    return `${this.prefix}:reminders:entity:${RESIDENT_KINDS.has(kind) ? `h:${await this.mac(entity)}` : entity}`;
  }

  /** The job id of a reminder (a personal one: `p-` and an HMAC). */
  async jobIdOf(spec: Pick<ReminderSpec, 'kind' | 'entityId' | 'recipient' | 'dueAt'>): Promise<string> {
    if (!isPersonalReminder(spec)) return reminderJobId(spec.kind, spec.entityId, spec.recipient, spec.dueAt);
    return `p-${await this.mac(`${slotOf(spec.kind, spec.entityId, spec.recipient)}|${spec.dueAt}`)}`;
  }

  /** Schedules a reminder (replacing the current one of its kind, entity and recipient); returns its job id. */
  async schedule(spec: ReminderSpec, opts: JobsOptions = {}): Promise<string> {
    const { fireAt, ...rest } = spec;
    const job = reminderJobSchema.parse({ ...rest, ...(this.producer ? { producer: this.producer } : {}) });
    assertNoPii(job);
    const personal = isPersonalReminder(spec);
    const id = await this.jobIdOf(spec);
    const slot = await this.slotKey(spec.kind, spec.entityId, spec.recipient);
    const previous = await this.redis.hget(this.currentKey, slot);
    // The same reminder already fired (a repeated event, a catch-up run): nothing to do.
    if (previous === `fired:${id}`) return id;
    // One clock reading for both: the job's timestamp + delay is exactly the fire time.
    const now = Date.now();
    const delay = Math.max(0, fireAt.getTime() - now);
    const tx = this.redis
      .multi()
      .hset(this.currentKey, slot, id)
      .sadd(await this.entityKey(spec.kind, spec.entityId), slot);
    if (personal) tx.set(this.contentKey(id), JSON.stringify(job), 'PX', delay + CONTENT_TTL_MS);
    await tx.exec();
    if (previous && previous !== id) await this.drop(previous);
    // Scheduled before personal reminders were opaque: that job goes, this one replaces it.
    if (personal) await this.dropLegacy(spec.kind, spec.entityId, spec.recipient);
    const data: ReminderJob | PersonalJobData = personal ? { recipientType: spec.recipient.type, producer: job.producer } : job;
    await this.queue.add(personal ? PERSONAL_JOB_NAME : spec.kind, data, { ...opts, jobId: id, timestamp: now, delay });
    return id;
  }

  /** Schedules each reminder unless it would fire more than a day in the past (a stale change); returns how many were given. */
  async scheduleFresh(specs: ReminderSpec[]): Promise<number> {
    for (const s of specs) {
      if (s.fireAt.getTime() < Date.now() - STALE_MS) continue;
      await this.schedule(s);
    }
    return specs.length;
  }

  /**
   * True when a change of `subject` made at `at` is the newest seen (and records it): changes about one
   * thing must be applied in the order they were made, and two requests (or a retry) can reach the
   * scheduler in the other order. A producer skips an older change.
   */
  async isNewest(subject: string, at: Date): Promise<boolean> {
    return Boolean(await this.redis.eval(NEWER, 1, `${this.prefix}:reminders:seen:${subject}`, at.toISOString()));
  }

  /** Cancels the reminders of an entity (all recipients, or one). */
  async cancel(kind: string, entityId: string, recipient?: Recipient): Promise<number> {
    const entityKey = await this.entityKey(kind, entityId);
    const slots = recipient ? [await this.slotKey(kind, entityId, recipient)] : await this.redis.smembers(entityKey);
    // A personal reminder scheduled before they were opaque sits under its plain slot and entity.
    if (recipient && isPersonalReminder({ kind, recipient })) slots.push(slotOf(kind, entityId, recipient));
    if (!recipient && RESIDENT_KINDS.has(kind))
      slots.push(...(await this.redis.smembers(`${this.prefix}:reminders:entity:${kind}|${entityId}`)));
    let removed = 0;
    for (const slot of slots) {
      const id = await this.redis.hget(this.currentKey, slot);
      await this.redis
        .multi()
        .hdel(this.currentKey, slot)
        .srem(entityKey, slot)
        .srem(`${this.prefix}:reminders:entity:${kind}|${entityId}`, slot)
        .exec();
      if (id) removed += await this.drop(id);
    }
    return removed;
  }

  /** Removes a job and its kept content; 1 when the job was there. */
  private async drop(jobId: string): Promise<number> {
    await this.redis.del(this.contentKey(jobId));
    return this.queue.remove(jobId).catch(() => 0);
  }

  private async dropLegacy(kind: string, entityId: string, recipient: Recipient) {
    const slot = slotOf(kind, entityId, recipient);
    const legacy = await this.redis.hget(this.currentKey, slot);
    if (!legacy) return;
    await this.redis.multi().hdel(this.currentKey, slot).srem(`${this.prefix}:reminders:entity:${kind}|${entityId}`, slot).exec();
    await this.drop(legacy);
  }

  /**
   * What a job is about: its data, or for a personal reminder the content kept under its id (null
   * once it fired, was replaced or cancelled).
   */
  async load(job: Pick<Job, 'id' | 'data'>): Promise<ReminderJob | null> {
    if ((job.data as { kind?: unknown }).kind !== undefined) return checked(job.data);
    if (!personalJobSchema.safeParse(job.data).success)
      throw new UnrecoverableError('invalid reminder job: neither a reminder nor a personal one');
    const kept = await this.redis.get(this.contentKey(job.id!));
    return kept ? checked(JSON.parse(kept)) : null;
  }

  /** True when `jobId` is still the current job of its (kind, entity, recipient). */
  async isCurrent(job: ReminderJob, jobId: string): Promise<boolean> {
    return (await this.redis.hget(this.currentKey, await this.slotOfJob(job, jobId))) === jobId;
  }

  /** After firing: the slot is free again (a later due time schedules anew), and a personal reminder's content goes. */
  async fired(job: ReminderJob, jobId: string): Promise<void> {
    // Only if still ours: compare-and-delete in one script.
    await this.redis.eval(
      `if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('hdel', KEYS[1], ARGV[1]) else return 0 end`,
      1,
      this.currentKey,
      await this.slotOfJob(job, jobId),
      jobId,
    );
    if (jobId.startsWith('p-')) await this.redis.del(this.contentKey(jobId));
  }

  /** A job's slot field: jobs from before personal reminders were opaque keep their plain slot. */
  private async slotOfJob(job: ReminderJob, jobId: string) {
    return jobId.startsWith('p-') ? this.slotKey(job.kind, job.entityId, job.recipient) : slotOf(job.kind, job.entityId, job.recipient);
  }

  /**
   * Makes the personal reminders queued before they were opaque opaque: each delayed job that still
   * carries a personal ReminderJob is scheduled anew (same fire time), which removes the old one.
   * Run once at start; returns how many were moved.
   */
  async migrateLegacy(): Promise<number> {
    let moved = 0;
    for (const j of await this.queue.getDelayed(0, -1)) {
      const parsed = reminderJobSchema.safeParse(j.data);
      if (!parsed.success || !isPersonalReminder(parsed.data)) continue;
      const r = parsed.data;
      // Only the current one is moved; a replaced one would fire nothing, it just goes.
      if ((await this.redis.hget(this.currentKey, slotOf(r.kind, r.entityId, r.recipient))) === j.id) {
        await this.schedule({ ...r, fireAt: new Date(j.timestamp + (j.opts.delay ?? 0)) });
        moved++;
      }
      await this.queue.remove(j.id!).catch(() => 0);
    }
    return moved;
  }
}

/** A job's reminder, checked against the contract: a malformed one is failed for good (no retries). */
function checked(data: unknown): ReminderJob {
  const parsed = reminderJobSchema.safeParse(data);
  if (!parsed.success)
    throw new UnrecoverableError(`invalid reminder job: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

const shared = new WeakMap<Redis, Map<string, ReminderScheduler>>();

/**
 * The scheduler of a producer process (a subgraph): on the process's fail-fast Redis client, shared
 * by its reminders queue (BullMQ leaves a passed-in client open; whoever made it closes it).
 * One per (client, prefix, producer).
 */
export function reminderSchedulerFor(redis: Redis, prefix: string, producer: ReminderProducer): ReminderScheduler {
  const byKey = shared.get(redis) ?? shared.set(redis, new Map()).get(redis)!;
  const key = `${prefix}|${producer}`;
  let s = byKey.get(key);
  if (!s) {
    const queue = new Queue<ReminderJob | PersonalJobData>(QUEUE_NAMES.reminders, {
      connection: redis,
      prefix,
      defaultJobOptions: JOB_DEFAULTS,
    });
    queue.on('error', () => undefined); // the client's own listener logs connection errors
    s = new ReminderScheduler(queue, redis, prefix, producer);
    byKey.set(key, s);
  }
  return s;
}
