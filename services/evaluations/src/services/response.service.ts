import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  allOf,
  isDuplicateKeyError,
  pageSize,
  rowScope,
  stableObjectId,
  existing,
} from '@jwh/platform';
import { StaffOfCommunityDocument } from '../__generated__/operations.js';
import type { Context } from '../context.js';
import { responseScope } from '../policy.js';
import { RATINGS } from '../models/review.model.js';
import type { DrawItemDoc } from '../models/index.js';
import type { SurveyDoc } from '../models/survey.model.js';
import { canSeeWorker, requireId } from './access.js';
import { withStratumLock } from './wave.service.js';
import { applyResponse, applyReview } from './aggregates.js';
import { periodDates } from './periods.js';
import { isReviewValid } from './review-validity.js';
import { scoreNamedMembers, validateAnswers, validateNewThreeRates, type AnswerInput, type NewThreeRatesInput } from './survey.service.js';
import { wilson } from './wilson.js';

/**
 * A draw item the caller may answer for: a street admin (the evaluator at the door) for an item
 * of its communities, a resident for its own item. Replaced and reserve items take no answers.
 */
async function answerableItem(ctx: Context, drawItemId: string) {
  const item = await ctx.models.DrawItem.findById(requireId(drawItemId, 'input.drawItemId')).lean().exec();
  return checkItem(ctx, drawItemId, item);
}

async function checkItem(ctx: Context, drawItemId: string, item: DrawItemDoc | null) {
  const mine =
    item &&
    (ctx.viewer.role === 'RESIDENT'
      ? ctx.viewer.residentId === String(item.residentId)
      : ctx.viewer.communityIds.includes(String(item.communityId)));
  if (!item || !mine) throw new NotFoundError('draw item', drawItemId);
  if (item.status !== 'SELECTED')
    throw new BadUserInputError(
      'input.drawItemId',
      item.status === 'REPLACED' ? '该户已被替换 (this item was replaced)' : '备选户尚未启用 (a reserve item is not in the sample)',
    );
  const wave = await ctx.models.SurveyWave.findById(item.waveId).lean().exec();
  if (wave?.status !== 'OPEN') throw new ConflictError('调查未在进行中 (the wave is not open)');
  return { item, wave };
}

type Answers = { newThreeRates?: NewThreeRatesInput | null; answers?: AnswerInput[] | null };

/**
 * What a response stores of the answers given, validated for the wave's survey (the built-in one
 * takes newThreeRates, a custom one answers). Named members are scored against the community's
 * staff list and dropped; `keepKnown` stands for them when none are given (a correction).
 */
export async function answerFields(
  ctx: Context,
  item: { communityId: unknown },
  survey: SurveyDoc,
  input: Answers,
  keepKnown: number | null = null,
): Promise<Record<string, unknown>> {
  if (survey.builtIn) {
    if (!input.newThreeRates || input.answers?.length)
      throw new BadUserInputError('input.newThreeRates', '新三率问卷请填写 newThreeRates (the built-in survey takes newThreeRates)');
    const { fields, named } = validateNewThreeRates(input.newThreeRates);
    if (keepKnown !== null && !input.newThreeRates.namedMembers) return { ...fields, membersKnown: keepKnown };
    let membersKnown = 0;
    if (named.length) {
      const data = await ctx.graph.asService(ctx.graph.urls.peopleGrids, [String(item.communityId)], StaffOfCommunityDocument, {
        id: String(item.communityId),
      });
      membersKnown = scoreNamedMembers(named, data.staffMembers);
    }
    return { ...fields, membersKnown };
  }
  if (input.newThreeRates || !input.answers)
    throw new BadUserInputError('input.answers', '自定义问卷请填写 answers (a custom survey takes answers)');
  return { answers: validateAnswers(survey, input.answers) };
}

/**
 * One response per draw item; a retry by the same caller returns the first, anyone else gets
 * CONFLICT. The channel is the resident's own (ONLINE), an interviewer's at the door (INTERVIEW) or
 * staff typing in a paper questionnaire (PAPER, `enterPaperSurveyResponse`).
 */
export async function submitSurveyResponse(ctx: Context, input: { drawItemId: string } & Answers, paper?: 'PAPER') {
  const channel = paper ?? (ctx.viewer.role === 'RESIDENT' ? 'ONLINE' : 'INTERVIEW');
  const { item, wave } = await answerableItem(ctx, input.drawItemId);
  const _id = stableObjectId(`response:${String(item._id)}`);
  const earlier = await ctx.models.SurveyResponse.findById(_id).lean().exec();
  if (earlier) {
    if (earlier.submittedBy !== ctx.viewer.sub) throw new ConflictError('该样本已作答 (already answered)');
    return earlier;
  }
  const survey = await ctx.models.Survey.findById(wave.surveyId).lean().exec();
  const fields = await answerFields(ctx, item, survey!, input);
  try {
    // Under the stratum's lock, so the item cannot be replaced meanwhile: checked again, answered.
    await withStratumLock(ctx, item, async () => {
      await checkItem(ctx, input.drawItemId, await ctx.models.DrawItem.findById(item._id).lean().exec());
      await ctx.models.SurveyResponse.create({
        _id,
        drawItemId: item._id,
        waveId: item.waveId,
        residentId: item.residentId,
        communityId: item.communityId,
        gridId: item.gridId,
        staffId: item.staffId,
        period: wave.period,
        ...fields,
        submittedBy: ctx.viewer.sub,
        channel,
        enteredByStaffId: ctx.viewer.staffId ?? null,
      });
      await ctx.models.DrawItem.updateOne({ _id: item._id }, { $set: { answered: true } }).exec();
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const raced = await ctx.models.SurveyResponse.findById(_id).lean().exec();
    if (!raced || raced.submittedBy !== ctx.viewer.sub) throw new ConflictError('该样本已作答 (already answered)');
    return raced;
  }
  // Into the running totals now; if this process dies first, the worker's repair job does it.
  await applyResponse(ctx, _id);
  return existing(await ctx.models.SurveyResponse.findById(_id).lean().exec(), 'survey response', String(_id));
}

/** A drawn reviewer's rating of the worker whose service recipients it was drawn from; one per item. */
export async function submitWorkerReview(ctx: Context, input: { drawItemId: string; rating: string; reason?: string | null }) {
  const { item, wave } = await answerableItem(ctx, input.drawItemId);
  if (item.kind !== 'WORKER' || !item.staffId)
    throw new BadUserInputError('input.drawItemId', '该样本不评议工作者 (this item reviews no worker: it is from a grid stratum)');
  if (!(RATINGS as readonly string[]).includes(input.rating)) throw new BadUserInputError('input.rating', '未知评价 (unknown rating)');
  const reason = input.reason?.trim() || null;
  if (reason && reason.length > 300) throw new BadUserInputError('input.reason', '最多 300 个字符 (at most 300 characters)');
  const _id = stableObjectId(`review:${String(item._id)}`);
  const valid = isReviewValid(input.rating, reason);
  try {
    await withStratumLock(ctx, item, async () => {
      await checkItem(ctx, input.drawItemId, await ctx.models.DrawItem.findById(item._id).lean().exec());
      await ctx.models.WorkerReview.create({
        _id,
        drawItemId: item._id,
        waveId: item.waveId,
        staffId: item.staffId,
        communityId: item.communityId,
        period: wave.period,
        rating: input.rating,
        reason,
        valid,
        submittedValid: valid,
        submittedBy: ctx.viewer.sub,
      });
      await ctx.models.DrawItem.updateOne({ _id: item._id }, { $set: { reviewed: true } }).exec();
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const first = await ctx.models.WorkerReview.findById(_id).lean().exec();
    if (!first || first.submittedBy !== ctx.viewer.sub) throw new ConflictError('该样本已评议 (already reviewed)');
    return first;
  }
  await applyReview(ctx, _id);
  return existing(await ctx.models.WorkerReview.findById(_id).lean().exec(), 'worker review', String(_id));
}

/** A reviewer found untruthful: the review stays (opinion research) but no longer counts. */
export async function invalidateWorkerReview(ctx: Context, args: { id: string; note: string }) {
  const review = await ctx.models.WorkerReview.findById(requireId(args.id, 'id')).lean().exec();
  if (!review || !ctx.viewer.communityIds.includes(String(review.communityId))) throw new NotFoundError('worker review', args.id);
  const note = (args.note ?? '').trim();
  if (note.length < 4 || note.length > 300) throw new BadUserInputError('note', '请写明核实情况,4–300 个字符 (4–300 characters)');
  if (!review.valid) {
    if (review.invalidatedNote) return review;
    throw new ConflictError('该评议本就无效 (already invalid: excellent or poor without a reason)');
  }
  await ctx.models.WorkerReview.updateOne(
    { _id: review._id, valid: true },
    { $set: { valid: false, invalidatedNote: note, invalidatedBy: ctx.viewer.sub, invalidationApplied: false } },
  ).exec();
  await applyReview(ctx, review._id);
  return existing(await ctx.models.WorkerReview.findById(review._id).lean().exec(), 'worker review', args.id);
}

const POINTS = { EXCELLENT: 100, GOOD: 80, FAIR: 60, POOR: 0 } as const;

/** Counts of a worker's reviews in a quarter or year, from the running counts (never the reviewers). */
export async function reviewCounts(ctx: Context, staffId: string, period: string, closedWavesOnly = false) {
  const { quarters } = periodDates(period);
  let rows = (await ctx.loaders.reviewAggregatesByStaff.load(staffId)).filter((r) => quarters.includes(r.period));
  if (closedWavesOnly) {
    const waves = await Promise.all(rows.map((r) => ctx.loaders.wave.load(String(r.waveId))));
    rows = rows.filter((_, i) => waves[i]?.status === 'CLOSED');
  }
  const sum = (k: 'EXCELLENT' | 'GOOD' | 'FAIR' | 'POOR' | 'invalid') => rows.reduce((n, r) => n + (r[k] ?? 0), 0);
  const counts = { excellent: sum('EXCELLENT'), good: sum('GOOD'), fair: sum('FAIR'), poor: sum('POOR'), invalid: sum('invalid') };
  const valid = counts.excellent + counts.good + counts.fair + counts.poor;
  const points = counts.excellent * POINTS.EXCELLENT + counts.good * POINTS.GOOD + counts.fair * POINTS.FAIR;
  return {
    period,
    ...counts,
    valid,
    goodRate: { ...wilson(counts.excellent + counts.good, valid), successes: counts.excellent + counts.good },
    score: valid ? Math.round((points / valid) * 10) / 10 : null,
    communityId: rows[0]?.communityId ?? null,
  };
}

/**
 * A worker's review counts as the viewer may see them: a grid worker sees only closed waves'
 * (watching its counts, or any score made of them, move during fieldwork could tell it what the
 * household it just saw an evaluator at had said); managers see the running counts. The one rule
 * for reviewSummary and workerScores.
 */
export function visibleReviewCounts(ctx: Context, staffId: string, period: string) {
  return reviewCounts(ctx, staffId, period, ctx.viewer.role === 'GRID_WORKER');
}

/**
 * Whether fieldwork is still under way for a worker's counts: a wave of the period's quarters that
 * covers the worker's community (or the viewer's, before any review) is drawing or open. One
 * equality read per quarter.
 */
async function fieldworkStatus(ctx: Context, period: string, communityId: unknown) {
  const communities = communityId ? [String(communityId)] : ctx.viewer.communityIds;
  const waves = (
    await Promise.all(
      periodDates(period).quarters.map((q) => ctx.models.SurveyWave.find({ period: q }, { status: 1, scope: 1 }).lean().exec()),
    )
  ).flat();
  const open = waves.some(
    (w) => (w.status === 'DRAWING' || w.status === 'OPEN') && w.scope.communityIds.some((c) => communities.includes(String(c))),
  );
  if (!open) return { status: 'FINAL' as const, note: null };
  return {
    status: 'FIELDWORK' as const,
    note:
      ctx.viewer.role === 'GRID_WORKER'
        ? '采集中,结果待审核结束后公布;此处只计已结束的调查 (fieldwork under way: results are published once the wave is closed; only closed waves count here)'
        : '采集中,以下为实时数字,调查结束后定稿 (fieldwork under way: running counts, final once the wave is closed)',
  };
}

/** StaffMember.reviewSummary: a worker its own, managers their communities' workers; says whether fieldwork is under way. */
export async function reviewSummary(ctx: Context, staffId: string, period: string) {
  const summary = await visibleReviewCounts(ctx, staffId, period);
  if (
    ctx.viewer.role === 'GRID_WORKER'
      ? ctx.viewer.staffId !== staffId
      : summary.communityId && !canSeeWorker(ctx.viewer, staffId, summary.communityId)
  ) {
    throw new ForbiddenError('只能查看本人或本社区工作者的评议 (your own or your communities’ workers only)');
  }
  return { ...summary, ...(await fieldworkStatus(ctx, period, summary.communityId)) };
}

/** Responses of a quarter the viewer may read, oldest first. */
export function listSurveyResponses(ctx: Context, args: { period: string; first?: number | null }) {
  if (!/^\d{4}-Q[1-4]$/.test(args.period)) throw new BadUserInputError('period', '格式应为 2026-Q4 (expected YYYY-Qn)');
  return ctx.models.SurveyResponse.find(allOf(rowScope(ctx.viewer, responseScope), { period: args.period }))
    .sort({ _id: 1 })
    .limit(pageSize(args.first))
    .lean()
    .exec();
}
