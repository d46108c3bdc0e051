import type { Logger, Redis } from '@jwh/platform';
import { hostname } from 'node:os';

/** The domain event streams the reminders read (written by service-matters and volunteers). */
export const STREAMS = ['events:service-matters', 'events:volunteers'] as const;
export const GROUP = 'reminders';

/**
 * Reads the event streams as one consumer of the `reminders` group: several reminder workers share
 * the events (each is handled by one of them), an event is acknowledged after it is handled, and
 * events a crashed consumer had read are claimed again after 30 s. Handling is idempotent (job ids
 * are deterministic), so an event handled twice schedules nothing twice.
 */
export class StreamConsumer {
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly consumer = `${hostname()}-${process.pid}`;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly handle: (event: Record<string, unknown>) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  private key = (s: string) => `${this.prefix}:${s}`;

  async start(): Promise<void> {
    for (const s of STREAMS) {
      // A new group reads the (capped) stream from its start: events written before the first
      // reminders worker ran are not lost (handling is idempotent; stale ones schedule nothing).
      await this.redis.xgroup('CREATE', this.key(s), GROUP, '0', 'MKSTREAM').catch((err: Error) => {
        if (!err.message.includes('BUSYGROUP')) throw err;
      });
    }
    this.running = true;
    this.loop = this.run();
  }

  private readonly failures = new Map<string, number>();
  private readonly cursors = new Map<string, string>();

  private async process(stream: string, entries: [string, string[]][]) {
    for (const [id, fields] of entries) {
      const raw = fields[fields.indexOf('event') + 1];
      try {
        if (raw) await this.handle(JSON.parse(raw) as Record<string, unknown>);
        await this.redis.xack(stream, GROUP, id);
        this.failures.delete(id);
      } catch (err) {
        // Left pending: claimed again (by this or another worker) after 30 s; after 5 failures
        // here it is acknowledged and logged, so one bad event cannot block the stream.
        const n = (this.failures.get(id) ?? 0) + 1;
        this.failures.set(id, n);
        this.logger.warn(
          { stream, id, attempts: n, err: { message: (err as Error).message } },
          n >= 5 ? 'event dropped after 5 attempts' : 'event not handled',
        );
        if (n >= 5) {
          await this.redis.xack(stream, GROUP, id);
          this.failures.delete(id);
        }
      }
    }
  }

  private async run() {
    while (this.running) {
      try {
        for (const s of STREAMS) {
          const claimed = (await this.redis.xautoclaim(this.key(s), GROUP, this.consumer, 30_000, '0-0', 'COUNT', 100)) as [
            string,
            [string, string[]][],
          ];
          if (claimed[1]?.length) await this.process(this.key(s), claimed[1]);
        }
        const res = (await this.redis.xreadgroup(
          'GROUP',
          GROUP,
          this.consumer,
          'COUNT',
          100,
          'BLOCK',
          1_000,
          'STREAMS',
          ...STREAMS.map(this.key),
          ...STREAMS.map(() => '>'),
        )) as [string, [string, string[]][]][] | null;
        for (const [stream, entries] of res ?? []) await this.process(stream, entries);
      } catch (err) {
        if (!this.running) return;
        this.logger.warn({ err: { message: (err as Error).message } }, 'event stream read failed; retrying');
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  /** Stops after the current read (at most the 1 s block). */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
