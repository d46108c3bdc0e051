import { ConflictError, isDuplicateKeyError, stableObjectId, withLock, type Redis } from '@jwh/platform';
import type { Types } from 'mongoose';
import type { Models, SurveyResponseDoc, WorkerReviewDoc } from '../models/index.js';
import { responseIncrements, type QuestionShape, type ResponseFacts } from './tally.js';

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
 * its pending step in the same update, and every total takes a step only if it has not seen a
 * number that high: applying a step again changes nothing. Before the next number is handed out,
 * the pending step is finished if it is not marked done, so a crash half-way (some totals updated,
 * others not) is completed before any later step can overtake it, by the next step of the wave or
 * by the worker's repair. Under the lock: two reads by id, one numbering update and the totals'
 * updates in parallel.
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

/** The next number of a wave's response or review steps, recorded as its pending step. */
async function claimSeq(
  deps: AggregateDeps,
  waveId: unknown,
  field: 'responseSeq' | 'reviewSeq',
  pending: (seq: number) => Record<string, unknown>,
): Promise<number> {
  // No projection: FerretDB 1.24 does not implement findAndModify `fields`. The pending step holds
  // the number the wave will have after the increment.
  const before = await deps.models.SurveyWave.findById(waveId, { [field]: 1 })
    .lean()
    .exec();
  const seq = (before?.[field] ?? 0) + 1;
  await deps.models.SurveyWave.updateOne({ _id: waveId }, { $set: { [field]: seq, ...pending(seq) } }).exec();
  return seq;
}

/**
 * What a response adds. Respondents drawn from a worker's service recipients count for that
 * worker only: they are not a random sample of the grid, community or wave.
 */
async function responseUpdates(deps: AggregateDeps, r: SurveyResponseDoc): Promise<Update[]> {
  return scopeUpdates(deps, r, responseIncrements(r, await questionsOf(deps, r)));
}

/** The questions of a custom survey's response (none for the built-in one). */
async function questionsOf(deps: AggregateDeps, r: SurveyResponseDoc): Promise<QuestionShape[]> {
  if (!r.answers?.length) return [];
  const wave = await deps.models.SurveyWave.findById(r.waveId, { surveyId: 1 }).lean().exec();
  return (wave && (await deps.models.Survey.findById(wave.surveyId, { questions: 1 }).lean().exec())?.questions) || [];
}

/** The totals a response counts in, each moved by `inc`. */
function scopeUpdates(deps: AggregateDeps, r: SurveyResponseDoc, inc: Record<string, number>): Update[] {
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
  const wave = await deps.models.SurveyWave.findById(waveId, { pendingResponse: 1, pendingReview: 1, pendingCorrection: 1 }).lean().exec();
  const pc = wave?.pendingCorrection;
  if (pc?.id && typeof pc.seq === 'number') await finishCorrection(deps, pc.id, pc.seq);
  const pr = wave?.pendingResponse;
  if (pr?.id && typeof pr.seq === 'number') {
    const r = await deps.models.SurveyResponse.findById(pr.id).lean().exec();
    if (r && !r.aggregated) {
      await applyAll(await responseUpdates(deps, r), pr.seq);
      await deps.models.SurveyResponse.updateOne({ _id: r._id }, { $set: { aggregated: true, seq: pr.seq } }).exec();
    }
  }
  const pv = wave?.pendingReview;
  if (pv?.id && typeof pv.seq === 'number') {
    const r = await deps.models.WorkerReview.findById(pv.id).lean().exec();
    if (r && (pv.step === 'SUBMIT' ? !r.aggregated : !r.invalidationApplied)) {
      await applyAll(reviewUpdate(deps, r, pv.step as 'SUBMIT' | 'INVALIDATE'), pv.seq);
      await deps.models.WorkerReview.updateOne(
        { _id: r._id },
        { $set: pv.step === 'SUBMIT' ? { aggregated: true, seq: pv.seq } : { invalidationApplied: true, invalidationSeq: pv.seq } },
      ).exec();
    }
  }
}

/** Runs `fn` under the wave's lock, after finishing the step a crash may have left half-applied. */
function underWaveLock(deps: AggregateDeps, waveId: unknown, fn: () => Promise<void>): Promise<void> {
  return withLock(
    deps.redis,
    lockOf(deps, waveId),
    async () => {
      await finishPending(deps, waveId);
      await fn();
    },
    LOCK,
  );
}

/** Adds a response to the totals (its worker's, or its wave's, community's and grid's), once. */
export async function applyResponse(deps: AggregateDeps, responseId: unknown): Promise<void> {
  const first = await deps.models.SurveyResponse.findById(responseId).lean().exec();
  if (!first || first.aggregated) return;
  // A response changes only by a correction, which waits until it is in the totals: what it adds
  // is worked out outside the lock.
  const updates = await responseUpdates(deps, first);
  await underWaveLock(deps, first.waveId, async () => {
    const r = await deps.models.SurveyResponse.findById(responseId, { aggregated: 1 }).lean().exec();
    if (!r || r.aggregated) return;
    const seq = await claimSeq(deps, first.waveId, 'responseSeq', (n) => ({ pendingResponse: { id: first._id, seq: n } }));
    await applyAll(updates, seq);
    await deps.models.SurveyResponse.updateOne({ _id: first._id }, { $set: { aggregated: true, seq } }).exec();
  });
}

/** Adds a review to its worker's counts, once; and, once it is invalidated, moves it to `invalid`, once. */
export async function applyReview(deps: AggregateDeps, reviewId: unknown): Promise<void> {
  const first = await deps.models.WorkerReview.findById(reviewId, { waveId: 1 }).lean().exec();
  if (!first) return;
  await underWaveLock(deps, first.waveId, async () => {
    for (const step of ['SUBMIT', 'INVALIDATE'] as const) {
      const r = await deps.models.WorkerReview.findById(reviewId).lean().exec();
      if (!r || (step === 'SUBMIT' ? r.aggregated : r.invalidationApplied)) continue;
      const seq = await claimSeq(deps, r.waveId, 'reviewSeq', (n) => ({ pendingReview: { id: r._id, step, seq: n } }));
      await applyAll(reviewUpdate(deps, r, step), seq);
      await deps.models.WorkerReview.updateOne(
        { _id: r._id },
        { $set: step === 'SUBMIT' ? { aggregated: true, seq } : { invalidationApplied: true, invalidationSeq: seq } },
      ).exec();
    }
  });
}

/** What a correction holds: the facts before and after, and what it says changed. */
export interface Correction {
  after: Record<string, unknown>;
  changes: { field: string; before: string | null; after: string | null }[];
  by: string;
  byStaffId: string | null;
  reason: string | null;
}

/**
 * Corrects a response that is in the totals: under the wave's lock, the correction takes the wave's
 * next step number (recorded as its pending correction), is written on the response with the facts
 * before and after, and the totals move by the difference, guarded by the step like any other.
 */
export async function applyCorrection(deps: AggregateDeps, responseId: unknown, c: Correction): Promise<void> {
  const first = await deps.models.SurveyResponse.findById(responseId, { waveId: 1 }).lean().exec();
  if (!first) return;
  await underWaveLock(deps, first.waveId, async () => {
    const r = await deps.models.SurveyResponse.findById(responseId).lean().exec();
    if (!r?.aggregated) throw new ConflictError('答卷尚在统计中,请稍后重试 (the response is still being counted; try again)');
    const seq = await claimSeq(deps, r.waveId, 'responseSeq', (n) => ({ pendingCorrection: { id: r._id, seq: n } }));
    const before = Object.fromEntries(Object.keys(c.after).map((k) => [k, (r as Record<string, unknown>)[k] ?? null]));
    await deps.models.SurveyResponse.updateOne(
      { _id: r._id },
      {
        $set: { ...c.after, correctionPending: seq },
        $push: {
          corrections: {
            seq,
            changes: c.changes,
            before,
            after: c.after,
            by: c.by,
            byStaffId: c.byStaffId,
            at: new Date(),
            reason: c.reason,
          },
        },
      },
    ).exec();
    await finishCorrection(deps, r._id, seq);
  });
}

/** Moves the totals by a correction's difference (after − before), once; then it is no longer pending. */
async function finishCorrection(deps: AggregateDeps, responseId: unknown, seq: number) {
  const r = await deps.models.SurveyResponse.findById(responseId).lean().exec();
  if (!r || r.correctionPending !== seq) return;
  const c = r.corrections.find((x) => x.seq === seq);
  if (c) {
    const questions = await questionsOf(deps, r);
    const inc = responseIncrements(c.after as ResponseFacts, questions);
    for (const [k, v] of Object.entries(responseIncrements(c.before as ResponseFacts, questions))) inc[k] = (inc[k] ?? 0) - v;
    const moved = Object.fromEntries(Object.entries(inc).filter(([, v]) => v !== 0));
    if (Object.keys(moved).length) await applyAll(scopeUpdates(deps, r, moved), seq);
  }
  await deps.models.SurveyResponse.updateOne({ _id: r._id, correctionPending: seq }, { $set: { correctionPending: null } }).exec();
}

/** Applies what a crash left unapplied (run by the worker every few minutes). */
export async function repairAggregates(deps: AggregateDeps, olderThanMs = 60_000): Promise<{ responses: number; reviews: number }> {
  const before = new Date(Date.now() - olderThanMs);
  const responses = await deps.models.SurveyResponse.find({ aggregated: false, createdAt: { $lte: before } }, { _id: 1 })
    .limit(1_000)
    .lean()
    .exec();
  for (const r of responses) await applyResponse(deps, r._id);
  // Two equality reads (not one `$or`, which FerretDB would run over every review).
  const pending = await Promise.all(
    [{ aggregated: false }, { invalidationApplied: false }].map((f) =>
      deps.models.WorkerReview.find({ ...f, updatedAt: { $lte: before } }, { _id: 1 })
        .limit(1_000)
        .lean()
        .exec(),
    ),
  );
  const reviews = [...new Map(pending.flat().map((r) => [String(r._id), r])).values()].slice(0, 1_000);
  for (const r of reviews) await applyReview(deps, r._id);
  // A correction a crash left half-applied is finished under its wave's lock.
  const corrected = await deps.models.SurveyResponse.find({ correctionPending: { $ne: null }, updatedAt: { $lte: before } }, { waveId: 1 })
    .limit(1_000)
    .lean()
    .exec();
  for (const waveId of new Set(corrected.map((r) => String(r.waveId)))) await underWaveLock(deps, waveId, async () => undefined);
  return { responses: responses.length, reviews: reviews.length };
}
