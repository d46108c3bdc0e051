import { ConflictError, isDuplicateKeyError } from '@jwh/platform';
import type { Context } from '../context.js';

/**
 * Claims the right to leave `state` for the record `kind:id`; a second claim (a concurrent change
 * that read the same state) gets CONFLICT before it writes anything.
 */
export async function claimStep(ctx: Context, kind: string, id: unknown, state: string): Promise<void> {
  const key = `${kind}:${String(id)}:${state}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await ctx.models.StepClaim.create({ key, at: new Date() });
      return;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      // A claim older than a minute whose change never landed (a crash between the two writes)
      // would block the record for good: it is dropped once and the claim retried. The caller's
      // guarded update still refuses if the state was in fact left.
      const stale = await ctx.models.StepClaim.deleteOne({ key, at: { $lt: new Date(Date.now() - STALE_MS) } }).exec();
      if (!stale.deletedCount) break;
    }
  }
  throw new ConflictError('刚被他人更新,请刷新后重试 (it just changed)');
}

/** How old an unfinished claim must be before it is taken to be a crash's leftover. */
const STALE_MS = 60_000;
