import { assertNoPii, type Redis } from '@jwh/platform';
import { reminderJobId, type Recipient, type ReminderJob, type ReminderSpec } from '@jwh/contracts';
import type { Job, JobsOptions, Queue } from 'bullmq';
import { createHmac, randomBytes } from 'node:crypto';

/** Kinds whose entity is a resident (the entity id is the resident's, the kind tells an age tier). */
const RESIDENT_KINDS = new Set(['BIRTHDAY_CAKE', 'BIRTHDAY_BANQUET', 'LONGEVITY_NOODLES']);

/**
 * A personal reminder: about a resident (a birthday) or to one (an activity they signed up for).
 * Its job carries an opaque reference only; what it is about stays out of the queue.
 */
export function isPersonalReminder(r: { kind: string; recipient: Recipient }): boolean {
  return RESIDENT_KINDS.has(r.kind) || r.recipient.type === 'RESIDENT';
}

/** The name of every personal reminder's job (its kind would tell a birthday and an age tier). */
export const PERSONAL_JOB_NAME = 'personal';

/** What a personal reminder's job carries: the recipient's type, nothing else. Other jobs carry their ReminderJob. */
export interface PersonalJobData {
  recipientType: Recipient['type'];
}

/** How long a personal reminder's content is kept after its fire time (a failed job retried by ops needs it). */
const CONTENT_TTL_MS = 30 * 86_400_000;

const slotOf = (kind: string, entityId: string, recipient: Recipient) => `${kind}|${entityId}|${recipient.type}|${recipient.id}`;

/**
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

  constructor(
    private readonly queue: Queue,
    private readonly redis: Redis,
    private readonly prefix: string,
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

  async schedule(spec: ReminderSpec, opts: JobsOptions = {}): Promise<string> {
    const job: ReminderJob = {
      kind: spec.kind,
      entityId: spec.entityId,
      recipient: spec.recipient,
      dueAt: spec.dueAt,
      data: spec.data ?? {},
    };
    assertNoPii(job);
    const personal = isPersonalReminder(spec);
    const id = await this.jobIdOf(spec);
    const slot = await this.slotKey(spec.kind, spec.entityId, spec.recipient);
    const previous = await this.redis.hget(this.currentKey, slot);
    // The same reminder already fired (a repeated event, a catch-up run): nothing to do.
    if (previous === `fired:${id}`) return id;
    // One clock reading for both: the job's timestamp + delay is exactly the fire time.
    const now = Date.now();
    const delay = Math.max(0, spec.fireAt.getTime() - now);
    const tx = this.redis
      .multi()
      .hset(this.currentKey, slot, id)
      .sadd(await this.entityKey(spec.kind, spec.entityId), slot);
    if (personal) tx.set(this.contentKey(id), JSON.stringify(job), 'PX', delay + CONTENT_TTL_MS);
    await tx.exec();
    if (previous && previous !== id) await this.drop(previous);
    // Scheduled before personal reminders were opaque: that job goes, this one replaces it.
    if (personal) await this.dropLegacy(spec.kind, spec.entityId, spec.recipient);
    const data: ReminderJob | PersonalJobData = personal ? { recipientType: spec.recipient.type } : job;
    await this.queue.add(personal ? PERSONAL_JOB_NAME : spec.kind, data as ReminderJob, { ...opts, jobId: id, timestamp: now, delay });
    return id;
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
    const data = job.data as Partial<ReminderJob>;
    if (data.kind) return data as ReminderJob;
    const kept = await this.redis.get(this.contentKey(job.id!));
    return kept ? (JSON.parse(kept) as ReminderJob) : null;
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
      const data = j.data as Partial<ReminderJob>;
      if (!data.kind || !data.recipient || !isPersonalReminder(data as ReminderJob)) continue;
      const r = data as ReminderJob;
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
