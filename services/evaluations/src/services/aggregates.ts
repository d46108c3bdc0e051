import { isDuplicateKeyError, stableObjectId, withLock, type Redis } from '@jwh/shared';
import type { Types } from 'mongoose';
import type { Models, SurveyResponseDoc, WorkerReviewDoc } from '../models/index.js';
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
 * Running totals, applied exactly once. FerretDB does not serialise concurrent updates of one
 * document, so the steps of a wave (a response, a review, an invalidation) are applied one at a
 * time under a Redis lock. Each step gets the wave's next sequence number, recorded on the wave as
 * pending together with the number, and every total takes a step only if it has not seen a number
 * that high: applying a step again changes nothing. Before the next number is handed out, the
 * pending step is finished, so a crash half-way (some totals updated, others not) is completed
 * before any later step can overtake it: by the next step of the wave, or by the worker's repair.
 */
const lockOf = (deps: AggregateDeps, waveId: unknown) => `${deps.queuePrefix}:lock:evaluations:wave:${String(waveId)}`;
const LOCK = { ttlMs: 30_000, waitMs: 30_000 };

type Update = {
  model: Models['RateAggregate'] | Models['ReviewAggregate'];
  _id: Types.ObjectId;
  inc: Record<string, number>;
  onInsert: Record<string, unknown>;
};

/** Applies `inc` to one total unless it already has `seq` (an upsert creates it). */
async function guardedInc(u: Update, seq: number) {
  try {
    await (u.model as Models['RateAggregate'])
      .updateOne({ _id: u._id, seq: { $lt: seq } }, { $inc: u.inc, $set: { seq }, $setOnInsert: u.onInsert }, { upsert: true })
      .exec();
  } catch (err) {
    // The total exists with a sequence at or past `seq`: already applied.
    if (!isDuplicateKeyError(err)) throw err;
  }
}

/** All updates of a step; fails (after all have settled) if any failed, so none is left running. */
async function applyAll(updates: Update[], seq: number) {
  const results = await Promise.allSettled(updates.map((u) => guardedInc(u, seq)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The next number of a wave's response or review steps, recorded as pending. */
async function claimSeq(
  deps: AggregateDeps,
  waveId: unknown,
  field: 'responseSeq' | 'reviewSeq',
  pending: Record<string, unknown>,
): Promise<number> {
  // No projection: FerretDB 1.24 does not implement findAndModify `fields`.
  const wave = await deps.models.SurveyWave.findOneAndUpdate({ _id: waveId }, { $inc: { [field]: 1 }, $set: pending }, { new: true })
    .lean()
    .exec();
  return wave![field];
}

/**
 * What a response adds. Respondents drawn from a worker's service recipients count for that
 * worker only: they are not a random sample of the grid, community or wave.
 */
async function responseUpdates(deps: AggregateDeps, r: SurveyResponseDoc): Promise<Update[]> {
  let questions: { key: string; type: string; options: string[] }[] = [];
  if (r.answers?.length) {
    const wave = await deps.models.SurveyWave.findById(r.waveId, { surveyId: 1 }).lean().exec();
    questions = (wave && (await deps.models.Survey.findById(wave.surveyId, { questions: 1 }).lean().exec())?.questions) || [];
  }
  const inc = responseIncrements(r, questions);
  const scopes: [string, unknown, unknown][] = r.staffId
    ? [['WORKER', r.staffId, r.communityId]]
    : [
        ['WAVE', r.waveId, null],
        ['COMMUNITY', r.communityId, r.communityId],
        ...(r.gridId ? ([['GRID', r.gridId, r.communityId]] as [string, unknown, unknown][]) : []),
      ];
  return scopes.map(([level, scopeId, communityId]) => ({
    model: deps.models.RateAggregate,
    _id: rateAggregateId(r.waveId, level, scopeId),
    inc,
    onInsert: { waveId: r.waveId, level, scopeId, communityId, period: r.period },
  }));
}

function reviewUpdate(deps: AggregateDeps, r: WorkerReviewDoc, step: 'SUBMIT' | 'INVALIDATE'): Update[] {
  const inc = step === 'SUBMIT' ? (r.submittedValid ? { [r.rating]: 1 } : { invalid: 1 }) : { [r.rating]: -1, invalid: 1 };
  return [
    {
      model: deps.models.ReviewAggregate,
      _id: reviewAggregateId(r.waveId, r.staffId),
      inc,
      onInsert: { waveId: r.waveId, staffId: r.staffId, communityId: r.communityId, period: r.period },
    },
  ];
}

/** Under the wave's lock: finishes the numbered step a crash may have left half-applied. */
async function finishPending(deps: AggregateDeps, waveId: unknown) {
  const wave = await deps.models.SurveyWave.findById(waveId, { pendingResponse: 1, pendingReview: 1 }).lean().exec();
  if (wave?.pendingResponse) {
    const r = await deps.models.SurveyResponse.findById(wave.pendingResponse).lean().exec();
    if (r && !r.aggregated && typeof r.seq === 'number') {
      await applyAll(await responseUpdates(deps, r), r.seq);
      await deps.models.SurveyResponse.updateOne({ _id: r._id }, { $set: { aggregated: true } }).exec();
    }
    await deps.models.SurveyWave.updateOne({ _id: waveId }, { $set: { pendingResponse: null } }).exec();
  }
  if (wave?.pendingReview?.id) {
    const r = await deps.models.WorkerReview.findById(wave.pendingReview.id).lean().exec();
    if (r && wave.pendingReview.step === 'SUBMIT' && !r.aggregated && typeof r.seq === 'number') {
      await applyAll(reviewUpdate(deps, r, 'SUBMIT'), r.seq);
      await deps.models.WorkerReview.updateOne({ _id: r._id }, { $set: { aggregated: true } }).exec();
    }
    if (r && wave.pendingReview.step === 'INVALIDATE' && !r.invalidationApplied && typeof r.invalidationSeq === 'number') {
      await applyAll(reviewUpdate(deps, r, 'INVALIDATE'), r.invalidationSeq);
      await deps.models.WorkerReview.updateOne({ _id: r._id }, { $set: { invalidationApplied: true } }).exec();
    }
    await deps.models.SurveyWave.updateOne({ _id: waveId }, { $set: { pendingReview: null } }).exec();
  }
}

/** Adds a response to the totals (its worker's, or its wave's, community's and grid's), once. */
export async function applyResponse(deps: AggregateDeps, responseId: unknown): Promise<void> {
  const first = await deps.models.SurveyResponse.findById(responseId).lean().exec();
  if (!first || first.aggregated) return;
  // A response never changes after it is written: what it adds is worked out outside the lock.
  const updates = await responseUpdates(deps, first);
  await withLock(
    deps.redis,
    lockOf(deps, first.waveId),
    async () => {
      await finishPending(deps, first.waveId);
      const r = await deps.models.SurveyResponse.findById(responseId, { seq: 1, aggregated: 1 }).lean().exec();
      if (!r || r.aggregated) return;
      const seq = await claimSeq(deps, first.waveId, 'responseSeq', { pendingResponse: first._id });
      await deps.models.SurveyResponse.updateOne({ _id: first._id }, { $set: { seq } }).exec();
      await applyAll(updates, seq);
      await deps.models.SurveyResponse.updateOne({ _id: first._id }, { $set: { aggregated: true } }).exec();
      await deps.models.SurveyWave.updateOne({ _id: first.waveId }, { $set: { pendingResponse: null } }).exec();
    },
    LOCK,
  );
}

/** Adds a review to its worker's counts, once; and, once it is invalidated, moves it to `invalid`, once. */
export async function applyReview(deps: AggregateDeps, reviewId: unknown): Promise<void> {
  const first = await deps.models.WorkerReview.findById(reviewId, { waveId: 1 }).lean().exec();
  if (!first) return;
  await withLock(
    deps.redis,
    lockOf(deps, first.waveId),
    async () => {
      await finishPending(deps, first.waveId);
      for (const step of ['SUBMIT', 'INVALIDATE'] as const) {
        const r = await deps.models.WorkerReview.findById(reviewId).lean().exec();
        if (!r || (step === 'SUBMIT' ? r.aggregated : r.invalidationApplied)) continue;
        const seq = await claimSeq(deps, r.waveId, 'reviewSeq', { pendingReview: { id: r._id, step } });
        await deps.models.WorkerReview.updateOne({ _id: r._id }, { $set: step === 'SUBMIT' ? { seq } : { invalidationSeq: seq } }).exec();
        await applyAll(reviewUpdate(deps, r, step), seq);
        await deps.models.WorkerReview.updateOne(
          { _id: r._id },
          { $set: step === 'SUBMIT' ? { aggregated: true } : { invalidationApplied: true } },
        ).exec();
        await deps.models.SurveyWave.updateOne({ _id: r.waveId }, { $set: { pendingReview: null } }).exec();
      }
    },
    LOCK,
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
