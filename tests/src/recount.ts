import { QUEUE_NAMES } from '@jwh/contracts';
import { createLogger, createQueue } from '@jwh/platform';
import { env } from './environment.js';
import type { Stack } from './harness.js';

/**
 * The recount job (people-grids' `grid-stats` queue) of a test's stack: waits for the recounts its
 * start queued, runs one, and closes its queue when the test file ends (`close`).
 */
export function recountClient(stack: Stack, name: string) {
  let queue: ReturnType<typeof createQueue> | null = null;
  const q = () =>
    (queue ??= createQueue(QUEUE_NAMES.gridStats, {
      redisUrl: env.REDIS_URL,
      prefix: stack.common.QUEUE_PREFIX!,
      logger: createLogger(name, 'warn'),
    }));
  return {
    /** Waits for the recounts queued at start (a recount racing a single write could undo its `$inc`). */
    async settled(): Promise<void> {
      for (let i = 0; i < 600; i++) {
        const c = await q().getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        if (Object.values(c).every((n) => n === 0)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the start-up recounts did not finish');
    },
    /** Runs the recount job of a community in the worker and returns what it had to set right. */
    async recount(communityId: string): Promise<{ changed: Record<string, number> }> {
      const job = await q().add('recount', { communityId });
      for (let i = 0; i < 600; i++) {
        const state = await job.getState();
        if (state === 'completed') return (await q().getJob(job.id!))!.returnvalue as { changed: Record<string, number> };
        if (state === 'failed') throw new Error('recount failed');
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the recount did not finish');
    },
    close: async () => {
      await queue?.close();
    },
  };
}
