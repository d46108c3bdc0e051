import { createHash } from 'node:crypto';
import { BadUserInputError, ConflictError, isDuplicateKeyError, requireText, stableObjectId } from '@jwh/platform';
import type { Context } from '../context.js';
import type { PaperBallotBatchDoc } from '../models/vote.model.js';
import { ballotIncrements, meetingFor, withBallotBox } from './vote.service.js';

/** Largest stack typed in at once. */
const MAX_BATCH = 100;
/** Smallest stack, unless it is the sitting's last: a batch's digest never stands for one or two ballots. */
const MIN_BATCH = 5;
/** A batch key is a label such as `A-01`: never a name that could say whose ballots these are. */
const BATCH_KEY = /^[A-Za-z0-9-]{1,20}$/;

export interface PaperBallotsInput {
  meetingId: string;
  batchKey: string;
  present: number;
  ballots: { scores: { staffId: string; score: string }[]; overall: string }[];
}

/** The batch's counters summed; every ballot checked against the meeting's workers first. */
function batchIncrements(m: Parameters<typeof ballotIncrements>[0], ballots: PaperBallotsInput['ballots']) {
  const inc: Record<string, number> = {};
  ballots.forEach((b, i) => {
    for (const [k, n] of Object.entries(ballotIncrements(m, b, `input.ballots[${i}]`))) inc[k] = (inc[k] ?? 0) + n;
  });
  return inc;
}

/** The same ballots in any order give the same digest (a stack may be typed in another order on a retry). */
const digestOf = (inc: Record<string, number>) =>
  createHash('sha256')
    .update(JSON.stringify(Object.entries(inc).sort(([a], [b]) => a.localeCompare(b))))
    .digest('hex');

/**
 * A stack of paper ballots from the sitting, typed in by staff of the meeting's community. No ballot
 * is stored and no representative is named: the batch adds to the box's counters and records its
 * count, the declared attendance and who entered it. Under the box's lock: the paper ballots of all
 * batches may not exceed the representatives present, nor every ballot the roll. A retry with the
 * same key finds the batch (and finishes adding it if a crash came between); other ballots under
 * that key are refused.
 */
export async function enterPaperBallots(ctx: Context, input: PaperBallotsInput): Promise<PaperBallotBatchDoc> {
  const m = await meetingFor(ctx, input.meetingId, 'input.meetingId');
  const batchKey = requireText(input.batchKey, 'input.batchKey', 1, 20);
  if (!BATCH_KEY.test(batchKey))
    throw new BadUserInputError('input.batchKey', '批次号只能是字母、数字和连字符,如 A-01 (letters, digits and hyphens only, e.g. A-01)');
  const roll = m.representativeIds.length;
  if (!Number.isInteger(input.present) || input.present < 1 || input.present > roll)
    throw new BadUserInputError('input.present', `到会代表须为 1–${roll} 人(不超过名单)(1–${roll}: at most the roll)`);
  if (input.ballots.length < 1 || input.ballots.length > MAX_BATCH)
    throw new BadUserInputError('input.ballots', `每批 1–${MAX_BATCH} 张选票 (1–${MAX_BATCH} ballots a batch)`);
  const inc = batchIncrements(m, input.ballots);
  const digest = digestOf(inc);
  const _id = stableObjectId(`paper-batch:${String(m._id)}:${batchKey}`);
  const n = input.ballots.length;

  return withBallotBox(ctx, m._id, async () => {
    const earlier = await paperBatches(ctx, m._id);
    for (const b of earlier.filter((x) => !x.applied)) await applyBatch(ctx, b);
    const batch = earlier.find((b) => String(b._id) === String(_id));
    if (batch) {
      if (batch.digest !== digest)
        throw new ConflictError(`input.batchKey: 该批次已录入,选票不同 (batch ${batchKey} was entered with other ballots)`);
      return batch;
    }
    if (m.status !== 'OPEN') throw new ConflictError('投票已结束 (voting is closed)');
    const box = await ctx.models.BallotBox.findById(m._id).lean().exec();
    const paper = box?.paper ?? 0;
    // One attendance a sitting: declared with the first batch, not raised by a later one.
    if (box?.present != null && box.present !== input.present)
      throw new BadUserInputError(
        'input.present',
        `本次会议已登记到会代表 ${box.present} 人 (the sitting's attendance was declared as ${box.present})`,
      );
    if (n < MIN_BATCH && paper + n !== input.present)
      throw new BadUserInputError(
        'input.ballots',
        `每批至少 ${MIN_BATCH} 张,最后一批除外 (at least ${MIN_BATCH} ballots a batch, except the sitting's last)`,
      );
    if (paper + n > input.present)
      throw new BadUserInputError(
        'input.ballots',
        `纸质选票 ${paper + n} 张,超过到会代表 ${input.present} 人 (${paper + n} paper ballots exceed the ${input.present} present)`,
      );
    if ((box?.cast ?? 0) + n > roll)
      throw new BadUserInputError('input.ballots', `选票总数超过代表名单 ${roll} 人 (more ballots than the ${roll} on the roll)`);
    const created = (
      await ctx.models.PaperBallotBatch.create({
        _id,
        meetingId: m._id,
        batchKey,
        ballots: n,
        present: input.present,
        digest,
        inc: Object.entries(inc).map(([k, v]) => ({ key: k, n: v })),
        seq: Math.max(0, ...earlier.map((b) => b.seq)) + 1,
        enteredBy: ctx.viewer.sub,
        enteredByStaffId: ctx.viewer.staffId ?? null,
      })
    ).toObject() as PaperBallotBatchDoc;
    await applyBatch(ctx, created);
    return created;
  });
}

/**
 * Adds a batch to the box once (under the box's lock, batches in order): the update is guarded by
 * the batch's step, so after a crash between it and the batch's `applied` mark, it adds nothing twice.
 */
async function applyBatch(
  ctx: Context,
  b: { _id: unknown; seq: number; ballots: number; present: number; inc: { key?: string | null; n?: number | null }[]; meetingId: unknown },
) {
  const inc = Object.fromEntries(b.inc.map((x) => [x.key!, x.n!]));
  try {
    await ctx.models.BallotBox.updateOne(
      { _id: b.meetingId, paperSeq: { $ne: b.seq } },
      { $inc: { cast: b.ballots, paper: b.ballots, ...inc }, $set: { paperSeq: b.seq, present: b.present } },
      { upsert: true },
    ).exec();
  } catch (err) {
    // The box exists with this step already: applied.
    if (!isDuplicateKeyError(err)) throw err;
  }
  // Once in the box, the batch's own counters are dropped: what stays is its count and digest.
  await ctx.models.PaperBallotBatch.updateOne({ _id: b._id }, { $set: { applied: true, inc: [] } }).exec();
}

/** A meeting's paper batches in the order entered. */
export async function paperBatches(ctx: Context, meetingId: unknown) {
  const rows = await ctx.models.PaperBallotBatch.find({ meetingId }).lean<PaperBallotBatchDoc[]>().exec();
  return rows.sort((a, b) => a.seq - b.seq);
}
