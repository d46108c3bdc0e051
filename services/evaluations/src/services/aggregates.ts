import { isDuplicateKeyError, stableObjectId, withLock, type Redis } from '@jwh/shared';
import type { Types } from 'mongoose';
import type { Models } from '../models/index.js';
import { responseIncrements } from './tally.js';

/** What applying to the running totals needs (the subgraph's context and the worker both have it). */
export interface AggregateDeps {
  models: Models;
  redis: Redis;
  queuePrefix: string;
}

export const rateAggregateId = (waveId: unknown, level: string, scopeId: unknown) =>
  stableObjectId(`rates:${String(waveId)}:${level}:${String(scopeId)}`);
export const reviewAggregateId = (waveId: unknown, staffId: unknown) => stableObjectId(`reviews:${String(waveId)}:${String(staffId)}`);

/**
 * Serialises the running-total updates of one wave. FerretDB does not serialise concurrent updates
 * of one document, so the increments of a wave are applied one response at a time under a Redis
 * lock; each gets the wave's next sequence number, and every total is updated only if it has not
 * seen that number yet: a crash half-way is repaired by applying the response again.
 */
const lockOf = (deps: AggregateDeps, waveId: unknown) => `${deps.queuePrefix}:lock:evaluations:wave:${String(waveId)}`;

/** Applies `inc` to one total unless it already has `seq` (an upsert creates it). */
async function guardedInc(
  model: Models['RateAggregate'] | Models['ReviewAggregate'],
  _id: Types.ObjectId,
  seq: number,
  inc: Record<string, number>,
  onInsert: Record<string, unknown>,
) {
  try {
    await (model as Models['RateAggregate'])
      .updateOne({ _id, seq: { $lt: seq } }, { $inc: inc, $set: { seq }, $setOnInsert: onInsert }, { upsert: true })
      .exec();
  } catch (err) {
    // The total exists with a sequence at or past `seq`: already applied.
    if (!isDuplicateKeyError(err)) throw err;
  }
}

async function nextSeq(deps: AggregateDeps, waveId: unknown, field: 'responseSeq' | 'reviewSeq'): Promise<number> {
  // No projection: FerretDB 1.24 does not implement findAndModify `fields`.
  const wave = await deps.models.SurveyWave.findOneAndUpdate({ _id: waveId }, { $inc: { [field]: 1 } }, { new: true })
    .lean()
    .exec();
  return wave![field];
}

/** Adds a response to the totals of its wave, community, grid and (for a worker stratum) worker, once. */
export async function applyResponse(deps: AggregateDeps, responseId: unknown): Promise<void> {
  // A response never changes after it is written: what it adds is computed outside the lock.
  const r = await deps.models.SurveyResponse.findById(responseId).lean().exec();
  if (!r || r.aggregated) return;
  let questions: { key: string; type: string; options: string[] }[] = [];
  if (r.answers?.length) {
    const wave = await deps.models.SurveyWave.findById(r.waveId, { surveyId: 1 }).lean().exec();
    questions = (wave && (await deps.models.Survey.findById(wave.surveyId, { questions: 1 }).lean().exec())?.questions) || [];
  }
  const inc = responseIncrements(r, questions);
  const scopes: [string, unknown, unknown][] = [
    ['WAVE', r.waveId, null],
    ['COMMUNITY', r.communityId, r.communityId],
  ];
  if (r.gridId) scopes.push(['GRID', r.gridId, r.communityId]);
  if (r.staffId) scopes.push(['WORKER', r.staffId, r.communityId]);
  const applied = await withLock(
    deps.redis,
    lockOf(deps, r.waveId),
    async () => {
      const current = await deps.models.SurveyResponse.findById(responseId, { seq: 1, aggregated: 1 }).lean().exec();
      if (!current || current.aggregated) return false;
      let seq = current.seq;
      if (seq === null || seq === undefined) {
        // The sequence number is stored before any total moves, so a repair re-uses it.
        seq = await nextSeq(deps, r.waveId, 'responseSeq');
        await deps.models.SurveyResponse.updateOne({ _id: r._id }, { $set: { seq } }).exec();
      }
      const s = seq;
      await Promise.all(
        scopes.map(([level, scopeId, communityId]) =>
          guardedInc(deps.models.RateAggregate, rateAggregateId(r.waveId, level, scopeId), s, inc, {
            waveId: r.waveId,
            level,
            scopeId,
            communityId,
            period: r.period,
          }),
        ),
      );
      return true;
    },
    { waitMs: 30_000 },
  );
  // Marked after the lock is released: applying it again meanwhile changes nothing (the guard).
  if (applied) await deps.models.SurveyResponse.updateOne({ _id: r._id }, { $set: { aggregated: true } }).exec();
}

/**
 * Adds a review to its worker's counts, once; and, if it has since been invalidated, moves it from
 * its rating to `invalid`, once.
 */
export async function applyReview(deps: AggregateDeps, reviewId: unknown): Promise<void> {
  const first = await deps.models.WorkerReview.findById(reviewId, { waveId: 1 }).lean().exec();
  if (!first) return;
  await withLock(
    deps.redis,
    lockOf(deps, first.waveId),
    async () => {
      const r = await deps.models.WorkerReview.findById(reviewId).lean().exec();
      if (!r) return;
      const id = reviewAggregateId(r.waveId, r.staffId);
      const onInsert = { waveId: r.waveId, staffId: r.staffId, communityId: r.communityId, period: r.period };
      if (!r.aggregated) {
        let seq = r.seq;
        if (seq === null || seq === undefined) {
          seq = await nextSeq(deps, r.waveId, 'reviewSeq');
          await deps.models.WorkerReview.updateOne({ _id: r._id }, { $set: { seq } }).exec();
        }
        await guardedInc(deps.models.ReviewAggregate, id, seq, r.submittedValid ? { [r.rating]: 1 } : { invalid: 1 }, onInsert);
        await deps.models.WorkerReview.updateOne({ _id: r._id }, { $set: { aggregated: true } }).exec();
      }
      if (!r.invalidationApplied) {
        let seq = r.invalidationSeq;
        if (seq === null || seq === undefined) {
          seq = await nextSeq(deps, r.waveId, 'reviewSeq');
          await deps.models.WorkerReview.updateOne({ _id: r._id }, { $set: { invalidationSeq: seq } }).exec();
        }
        await guardedInc(deps.models.ReviewAggregate, id, seq, { [r.rating]: -1, invalid: 1 }, onInsert);
        await deps.models.WorkerReview.updateOne({ _id: r._id }, { $set: { invalidationApplied: true } }).exec();
      }
    },
    { waitMs: 30_000 },
  );
}

/** Applies what a crash left unapplied (run by the worker every few minutes). */
export async function repairAggregates(deps: AggregateDeps, olderThanMs = 60_000): Promise<{ responses: number; reviews: number }> {
  const before = new Date(Date.now() - olderThanMs);
  const responses = await deps.models.SurveyResponse.find({ aggregated: false, createdAt: { $lt: before } }, { _id: 1 })
    .limit(1_000)
    .lean()
    .exec();
  for (const r of responses) await applyResponse(deps, r._id);
  const reviews = await deps.models.WorkerReview.find(
    { $or: [{ aggregated: false }, { invalidationApplied: false }], updatedAt: { $lt: before } },
    { _id: 1 },
  )
    .limit(1_000)
    .lean()
    .exec();
  for (const r of reviews) await applyReview(deps, r._id);
  return { responses: responses.length, reviews: reviews.length };
}
