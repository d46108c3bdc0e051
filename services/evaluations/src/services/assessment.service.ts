import {
  BadUserInputError,
  ConflictError,
  NotFoundError,
  isDuplicateKeyError,
  querySubgraph,
  withLock,
  requireText,
  existing,
} from '@jwh/platform';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { OffDeskSummaryDocument, RequestStatsDocument } from '../__generated__/operations.js';
import type { Context } from '../context.js';
import type { SelfAssessmentDoc } from '../models/assessment.model.js';
import { requireCommunity, requireId } from './access.js';
import { periodDates } from './periods.js';
import { visibleReviewCounts } from './response.service.js';

const text = requireText;

export interface SelfAssessmentInput {
  communityId: string;
  period: string;
  understanding: string;
  plan: string;
  implementation: string;
  cases: string;
  items: { key: string; title: string; maxScore: number; selfScore: number; note?: string | null }[];
}

/** A community's self-report and table; it replaces the earlier one until the street office scores it. */
export async function submitSelfAssessment(ctx: Context, input: SelfAssessmentInput) {
  const communityId = requireId(input.communityId, 'input.communityId');
  requireCommunity(ctx.viewer, communityId, 'input.communityId');
  periodDates(input.period, 'input.period');
  if (input.items.length < 1 || input.items.length > 50) throw new BadUserInputError('input.items', '须为 1–50 (1–50)');
  const keys = new Set<string>();
  const items = input.items.map((it, i) => {
    const f = `input.items[${i}]`;
    if (!/^[a-z0-9][a-z0-9_-]{0,29}$/.test(it.key) || keys.has(it.key))
      throw new BadUserInputError(`${f}.key`, '编号无效或重复 (invalid or duplicate key)');
    keys.add(it.key);
    if (!(it.maxScore > 0 && it.maxScore <= 1000)) throw new BadUserInputError(`${f}.maxScore`, '须为 0–1000 (0–1000)');
    if (!(it.selfScore >= 0 && it.selfScore <= it.maxScore)) throw new BadUserInputError(`${f}.selfScore`, `0–${it.maxScore}`);
    return {
      key: it.key,
      title: text(it.title, `${f}.title`, 2, 100),
      maxScore: it.maxScore,
      selfScore: it.selfScore,
      note: it.note ? text(it.note, `${f}.note`, 1, 500) : null,
    };
  });
  const report = {
    understanding: text(input.understanding, 'input.understanding', 10, 5_000),
    plan: text(input.plan, 'input.plan', 10, 5_000),
    implementation: text(input.implementation, 'input.implementation', 10, 5_000),
    cases: text(input.cases, 'input.cases', 10, 10_000),
  };
  const earlier = await ctx.models.SelfAssessment.findOne({ communityId, period: input.period }).lean().exec();
  if (earlier?.evaluatedBy) throw new ConflictError('街道已评分,自评不可再改 (already scored by the street office)');
  if (earlier) {
    const updated = await ctx.models.SelfAssessment.findOneAndUpdate(
      { _id: earlier._id, evaluatedBy: null },
      { $set: { ...report, items, submittedBy: ctx.viewer.sub } },
      { new: true },
    )
      .lean()
      .exec();
    // Scored by the street office between the read and the write.
    if (!updated) throw new ConflictError('街道已评分,自评不可再改 (already scored by the street office)');
    return updated;
  }
  try {
    return (
      await ctx.models.SelfAssessment.create({ communityId, period: input.period, ...report, items, submittedBy: ctx.viewer.sub })
    ).toObject();
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    throw new ConflictError('自评刚被他人提交,请刷新 (just submitted by someone else)');
  }
}

/** The street office's score of each item of a self-assessment. */
export async function recordEvaluatedScores(
  ctx: Context,
  input: { selfAssessmentId: string; items: { key: string; score: number; note?: string | null }[] },
) {
  const id = requireId(input.selfAssessmentId, 'input.selfAssessmentId');
  // Read, change and write the table under a lock, so two evaluators scoring at once both land.
  return withLock(ctx.redis, `${ctx.queuePrefix}:lock:evaluations:self-assessment:${id}`, () => scoreItems(ctx, id, input.items), {
    ttlMs: 10_000,
    waitMs: 10_000,
  });
}

async function scoreItems(ctx: Context, selfAssessmentId: string, scores: { key: string; score: number; note?: string | null }[]) {
  const sa = await ctx.models.SelfAssessment.findById(selfAssessmentId).lean().exec();
  if (!sa || !ctx.viewer.communityIds.includes(String(sa.communityId))) throw new NotFoundError('self-assessment', selfAssessmentId);
  const items = sa.items.map((it) => ({ ...it }));
  scores.forEach((s, i) => {
    const it = items.find((x) => x.key === s.key);
    if (!it) throw new BadUserInputError(`input.items[${i}].key`, '自评表没有这一项 (no such item)');
    if (!(s.score >= 0 && s.score <= it.maxScore)) throw new BadUserInputError(`input.items[${i}].score`, `0–${it.maxScore}`);
    it.evaluatedScore = s.score;
    it.evaluatorNote = s.note?.trim() || null;
  });
  const scored = await ctx.models.SelfAssessment.findOneAndUpdate(
    { _id: sa._id },
    { $set: { items, evaluatedBy: ctx.viewer.sub } },
    { new: true },
  )
    .lean()
    .exec();
  return existing(scored, 'self-assessment', selfAssessmentId);
}

export function listSelfAssessments(ctx: Context, period: string) {
  periodDates(period);
  return ctx.models.SelfAssessment.find({ period, communityId: { $in: ctx.viewer.communityIds } })
    .sort({ communityId: 1 })
    .lean()
    .exec();
}

export const DEFAULT_WEIGHTS = { offDesk: 0.25, onTime: 0.25, reviews: 0.3, audit: 0.2 };
const WEIGHTS_ID = 'default';

export async function scoreWeights(ctx: Context) {
  const w = await ctx.models.ScoreWeights.findById(WEIGHTS_ID).lean().exec();
  return w ? { offDesk: w.offDesk, onTime: w.onTime, reviews: w.reviews, audit: w.audit } : DEFAULT_WEIGHTS;
}

export async function setScoreWeights(ctx: Context, input: typeof DEFAULT_WEIGHTS) {
  for (const k of ['offDesk', 'onTime', 'reviews', 'audit'] as const) {
    if (!(input[k] >= 0 && input[k] <= 1)) throw new BadUserInputError(`input.${k}`, '须为 0–1 (0–1)');
  }
  if (input.offDesk + input.onTime + input.reviews + input.audit <= 0)
    throw new BadUserInputError('input', '至少一项权重大于 0 (at least one weight above 0)');
  await ctx.models.ScoreWeights.updateOne({ _id: WEIGHTS_ID }, { $set: { ...input, setBy: ctx.viewer.sub } }, { upsert: true }).exec();
  return scoreWeights(ctx);
}

/** Combines the parts that have data, each weighted, on 100 (pure). */
export function combine(
  parts: { offDeskShare: number | null; onTimeRate: number | null; reviewScore: number | null; auditScore: number | null },
  w: typeof DEFAULT_WEIGHTS,
): number | null {
  const pairs: [number | null, number][] = [
    [parts.offDeskShare, w.offDesk],
    [parts.onTimeRate, w.onTime],
    [parts.reviewScore, w.reviews],
    [parts.auditScore, w.audit],
  ];
  const present = pairs.filter(([v, weight]) => v !== null && weight > 0) as [number, number][];
  const weights = present.reduce((s, [, weight]) => s + weight, 0);
  if (!weights) return null;
  return Math.round((present.reduce((s, [v, weight]) => s + v * weight, 0) / weights) * 1000) / 10;
}

/** A community's checked audit items of some quarters: one equality read per quarter (community and period). */
export async function auditedVisits(ctx: Context, communityId: string, quarters: string[]) {
  const rows = await Promise.all(
    quarters.map((period) => ctx.models.AuditItem.find({ communityId, period }, { staffId: 1, result: 1 }).lean().exec()),
  );
  return rows.flat().filter((a) => a.result !== 'PENDING');
}

/**
 * Scores of a community's workers for a quarter or a year: off-desk share (people-grids), on-time
 * rate (service matters, read with the caller's identity), valid reviews (for a grid worker, of
 * closed waves only, as its reviewSummary) and audited visits (here), weighted.
 */
export async function workerScores(ctx: Context, args: { communityId: string; period: string }) {
  const communityId = requireId(args.communityId, 'communityId');
  requireCommunity(ctx.viewer, communityId);
  const { from, to, quarters } = periodDates(args.period);
  const vars = { c: communityId, from, to };
  // A grid worker reads its own score; the other subgraphs only answer managers, so it reads them as the service, for its community.
  const read = <T>(url: string, q: TypedDocumentNode<T, typeof vars>) =>
    ctx.viewer.role === 'GRID_WORKER'
      ? ctx.graph.asService(url, [communityId], q, vars, ctx.requestId)
      : querySubgraph(
          url,
          q,
          vars,
          ctx.identity(url === ctx.graph.urls.peopleGrids ? 'people-grids' : 'service-matters'),
          ctx.requestId,
          10_000,
        );
  const [offDesk, requests, audits, weights] = await Promise.all([
    read(ctx.graph.urls.peopleGrids, OffDeskSummaryDocument),
    read(ctx.graph.urls.serviceMatters, RequestStatsDocument),
    auditedVisits(ctx, communityId, quarters),
    scoreWeights(ctx),
  ]);
  const workers = offDesk.offDeskSummary.filter((w) => ctx.viewer.role !== 'GRID_WORKER' || w.staff.id === ctx.viewer.staffId);
  return Promise.all(
    workers.map(async (w) => {
      const reviews = await visibleReviewCounts(ctx, w.staff.id, args.period);
      const checked = audits.filter((a) => String(a.staffId) === w.staff.id);
      const parts = {
        offDeskShare: w.share,
        onTimeRate: requests.serviceRequestStats.byWorker.find((r) => r.staffId === w.staff.id)?.onTimeRate ?? null,
        reviewScore: reviews.score === null ? null : reviews.score / 100,
        auditScore: checked.length ? checked.filter((a) => a.result === 'VERIFIED').length / checked.length : null,
      };
      return { worker: w.staff, period: args.period, ...parts, total: combine(parts, weights), weights };
    }),
  );
}

/** A self-assessment's totals: the maximum, the self score, and (once every item is evaluated) the evaluated score and the gap. */
export function assessmentTotals(s: SelfAssessmentDoc) {
  const evaluated = s.items.every((i) => typeof i.evaluatedScore === 'number');
  return {
    maxTotal: s.items.reduce((n, i) => n + i.maxScore, 0),
    selfTotal: s.items.reduce((n, i) => n + i.selfScore, 0),
    evaluatedTotal: evaluated ? s.items.reduce((n, i) => n + i.evaluatedScore!, 0) : null,
    gap: evaluated ? Math.round(s.items.reduce((n, i) => n + i.selfScore - i.evaluatedScore!, 0) * 10) / 10 : null,
  };
}
