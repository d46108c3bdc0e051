import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  addDays,
  isCalendarDate,
  isDuplicateKeyError,
  localDate,
  ownRetry,
  querySubgraph,
  requireText,
  stableObjectId,
} from '@jwh/platform';
import { Types } from 'mongoose';
import { CanvassGridsDocument, CanvassHouseholdDocument } from '../__generated__/operations.js';
import type { Context } from '../context.js';
import { CANVASS_QUESTION_TYPES, type CanvassDoc } from '../models/canvass.model.js';
import { requireId } from './access.js';
import { closeAndSettle, progressOf, recordAnswer, resultsOf, setHouseholdsInScope } from './canvass-tally.js';
import { validateAnswers, validateQuestions, type AnswerInput, type QuestionInput } from './survey.service.js';

export interface CreateCanvassInput {
  clientRequestId: string;
  title: string;
  questions: QuestionInput[];
  scope: { level: string; communityId: string; gridIds?: string[] | null; buildings?: string[] | null };
  mode: string;
  opensOn: string;
  closesOn: string;
}

/** A canvass of the viewer's communities (a resident: only an open-link one), else NOT_FOUND (never told apart). */
async function canvassFor(ctx: Context, id: string, field = 'id') {
  const canvass = await ctx.models.Canvass.findById(requireId(id, field)).lean().exec();
  const mine =
    canvass &&
    ctx.viewer.communityIds.includes(String(canvass.communityId)) &&
    (ctx.viewer.role !== 'RESIDENT' || canvass.mode === 'OPEN_LINK');
  if (!mine) throw new NotFoundError('canvass', id);
  return canvass;
}

/** PLANNED before its opening day, CLOSED once closed by hand or past its closing day (Asia/Shanghai), else OPEN. */
export function canvassStatus(c: Pick<CanvassDoc, 'opensOn' | 'closesOn' | 'closedAt'>, today = localDate()) {
  if (c.closedAt || today > c.closesOn) return 'CLOSED';
  return today < c.opensOn ? 'PLANNED' : 'OPEN';
}

/** The small grids of a community with their household counts, read as the caller. */
async function smallGrids(ctx: Context, communityId: string) {
  const data = await querySubgraph(
    ctx.graph.urls.peopleGrids,
    CanvassGridsDocument,
    { id: communityId },
    await ctx.identity('people-grids'),
    ctx.requestId,
  );
  if (!data.community) throw new NotFoundError('community', communityId);
  return data.community.grids;
}

/** Questions of a canvass: those of a survey, without scales. */
function canvassQuestions(questions: QuestionInput[]) {
  questions.forEach((q, i) => {
    if (!(CANVASS_QUESTION_TYPES as readonly string[]).includes(q.type))
      throw new BadUserInputError(`input.questions[${i}].type`, '走访问卷只有单选、多选和填空 (single choice, multiple choice or text)');
  });
  if (questions.length > 30) throw new BadUserInputError('input.questions', '须有 1–30 题 (1–30 questions)');
  return validateQuestions(questions).map(({ key, text, type, options, required }) => ({ key, text, type, options, required }));
}

/** Validates the scope; returns it with the households in scope per small grid (null for buildings: counted by a job). */
async function validateScope(ctx: Context, scope: CreateCanvassInput['scope']) {
  const communityId = requireId(scope.communityId, 'input.scope.communityId');
  if (!ctx.viewer.communityIds.includes(communityId)) throw new NotFoundError('community', communityId);
  const gridIdsIn = scope.gridIds ?? [];
  const buildingsIn = scope.buildings ?? [];
  if (scope.level !== 'GRIDS' && gridIdsIn.length) throw new BadUserInputError('input.scope.gridIds', '只用于 GRIDS (only for GRIDS)');
  if (scope.level !== 'BUILDINGS' && buildingsIn.length)
    throw new BadUserInputError('input.scope.buildings', '只用于 BUILDINGS (only for BUILDINGS)');
  const grids = await smallGrids(ctx, communityId);
  if (scope.level === 'BUILDINGS') {
    const buildings = [...new Set(buildingsIn.map((b, i) => requireText(b, `input.scope.buildings[${i}]`, 1, 20)))];
    if (buildings.length < 1 || buildings.length > 100) throw new BadUserInputError('input.scope.buildings', '1–100 栋 (1–100 buildings)');
    return { communityId, gridIds: [], buildings, perGrid: null };
  }
  if (scope.level === 'COMMUNITY')
    return { communityId, gridIds: [], buildings: [], perGrid: new Map(grids.map((g) => [g.id, g.householdCount])) };
  const gridIds = [...new Set(gridIdsIn.map((g, i) => requireId(g, `input.scope.gridIds[${i}]`)))];
  if (gridIds.length < 1 || gridIds.length > 50) throw new BadUserInputError('input.scope.gridIds', '1–50 个网格 (1–50 grids)');
  const counts = new Map(grids.map((g) => [g.id, g.householdCount]));
  const stranger = gridIdsIn.findIndex((g) => !counts.has(g));
  if (stranger >= 0)
    throw new BadUserInputError(`input.scope.gridIds[${stranger}]`, '不是该社区的小网格 (not a small grid of the community)');
  return { communityId, gridIds, buildings: [], perGrid: new Map(gridIds.map((g) => [g, counts.get(g)!])) };
}

function validateDates(opensOn: string, closesOn: string) {
  if (!isCalendarDate(opensOn)) throw new BadUserInputError('input.opensOn', '日期格式应为 YYYY-MM-DD (a date)');
  if (!isCalendarDate(closesOn)) throw new BadUserInputError('input.closesOn', '日期格式应为 YYYY-MM-DD (a date)');
  if (closesOn < opensOn) throw new BadUserInputError('input.closesOn', '不能早于开始日期 (not before opensOn)');
  if (closesOn < localDate()) throw new BadUserInputError('input.closesOn', '不能早于今天 (not before today)');
  if (closesOn > addDays(opensOn, 366)) throw new BadUserInputError('input.closesOn', '最长 366 天 (at most 366 days)');
}

/** Counts the households in scope (at once from grid counts; a buildings scope by the worker's job). */
async function countScope(ctx: Context, canvass: CanvassDoc, perGrid: Map<string | null, number> | null) {
  if (perGrid) return setHouseholdsInScope(ctx, canvass._id, perGrid);
  // The job id is the canvass's: a retry never queues the count twice, and starts it again once it failed for good.
  const jobId = `canvass-scope-${String(canvass._id)}`;
  const queued = await ctx.sampling.getJob(jobId);
  if (!queued) await ctx.sampling.add('canvass-scope', { canvassId: String(canvass._id) }, { jobId });
  else if (await queued.isFailed()) await queued.retry();
}

/**
 * Opens a canvass: the whole input is checked before anything is written; the same clientRequestId
 * by the same caller returns the first (finishing its scope count if a crash cut it short).
 */
export async function createCanvass(ctx: Context, input: CreateCanvassInput) {
  const clientRequestId = requireText(input.clientRequestId, 'input.clientRequestId', 8, 100);
  const earlier = ownRetry(await ctx.models.Canvass.findOne({ clientRequestId }).lean().exec(), ctx.viewer.sub, 'input.clientRequestId');
  if (earlier?.scopeCounted) return earlier;
  const title = requireText(input.title, 'input.title', 2, 100);
  const questions = canvassQuestions(input.questions);
  const scope = await validateScope(ctx, input.scope);
  validateDates(input.opensOn, input.closesOn);
  // A retry finishes the canvass it made, never another: a different scope under the key is refused.
  const scopeKey = (level: string, communityId: unknown, gridIds: unknown[], buildings: unknown[]) =>
    JSON.stringify([level, String(communityId), gridIds.map(String).sort(), buildings.map(String).sort()]);
  if (
    earlier &&
    scopeKey(earlier.scope.level, earlier.communityId, earlier.scope.gridIds, earlier.scope.buildings) !==
      scopeKey(input.scope.level, scope.communityId, scope.gridIds, scope.buildings)
  )
    throw new ConflictError('input.clientRequestId: 该请求编号已用于范围不同的征询 (already used for a canvass of another scope)');
  let canvass = earlier;
  if (!canvass) {
    try {
      canvass = (
        await ctx.models.Canvass.create({
          clientRequestId,
          title,
          questions,
          communityId: scope.communityId,
          scope: { level: input.scope.level, gridIds: scope.gridIds, buildings: scope.buildings },
          mode: input.mode,
          opensOn: input.opensOn,
          closesOn: input.closesOn,
          createdBy: ctx.viewer.sub,
        })
      ).toObject();
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      canvass = ownRetry((await ctx.models.Canvass.findOne({ clientRequestId }).lean().exec())!, ctx.viewer.sub, 'input.clientRequestId');
    }
  }
  await countScope(ctx, canvass, scope.perGrid);
  return (await ctx.models.Canvass.findById(canvass._id).lean().exec())!;
}

export const findCanvass = (ctx: Context, id: string) => canvassFor(ctx, id).catch(() => null);

/** A community's canvasses, newest first: one equality read of a small set. */
export function listCanvasses(ctx: Context, communityId: string) {
  if (!ctx.viewer.communityIds.includes(requireId(communityId, 'communityId'))) throw new NotFoundError('community', communityId);
  return ctx.models.Canvass.find({ communityId }).sort({ createdAt: -1 }).limit(200).lean().exec();
}

/** Closes a canvass (closing again returns it); no answer is taken once it returns, and any a crash left uncounted is counted. */
export async function closeCanvass(ctx: Context, id: string) {
  const canvass = await canvassFor(ctx, id);
  if (canvass.closedAt) return canvass;
  await closeAndSettle(ctx, canvass, ctx.viewer.sub);
  return (await ctx.models.Canvass.findById(canvass._id).lean().exec())!;
}

/** The household an answer is for, as the caller may see it: staff name it, a resident's login does. */
async function answeringHousehold(ctx: Context, canvass: CanvassDoc, householdId: string | null | undefined) {
  const { viewer } = ctx;
  let id: string;
  if (viewer.role === 'RESIDENT') {
    if (householdId && householdId !== viewer.householdId)
      throw new BadUserInputError('input.householdId', '只能为本户作答 (only for your own household)');
    if (!viewer.householdId) throw new ForbiddenError('您的账号未关联住户 (your login names no household)');
    id = viewer.householdId;
  } else {
    if (!householdId) throw new BadUserInputError('input.householdId', '请选择住户 (which household)');
    id = requireId(householdId, 'input.householdId');
  }
  if (
    viewer.role === 'GRID_WORKER' &&
    canvass.scope.level === 'GRIDS' &&
    !canvass.scope.gridIds.some((g) => viewer.gridIds.includes(String(g)))
  )
    throw new ForbiddenError('本次征询不在您的网格 (the canvass covers none of your grids)');
  // Read as the caller: a worker sees only its grids' households, a resident only its own.
  const data = await querySubgraph(
    ctx.graph.urls.peopleGrids,
    CanvassHouseholdDocument,
    { id },
    await ctx.identity('people-grids'),
    ctx.requestId,
  );
  const h = data.household;
  if (!h) throw new NotFoundError('household', id);
  const gridId = h.grid?.id ?? null;
  if (viewer.role === 'GRID_WORKER' && !(gridId && viewer.gridIds.includes(gridId))) throw new NotFoundError('household', id);
  const inScope =
    h.community.id === String(canvass.communityId) &&
    (canvass.scope.level === 'COMMUNITY' ||
      (canvass.scope.level === 'GRIDS' && canvass.scope.gridIds.some((g) => String(g) === gridId)) ||
      (canvass.scope.level === 'BUILDINGS' && canvass.scope.buildings.includes(h.building ?? '')));
  if (!inScope) throw new BadUserInputError('input.householdId', '该户不在本次征询范围 (the household is outside the canvass’s scope)');
  return { householdId: h.id, gridId };
}

const sameAnswers = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A household's one answer. The rule for a second answer: the first stands and the second is
 * refused (CONFLICT), whoever enters it; the same caller sending the same answers again (a retry)
 * gets the first back. Closed or not yet open canvasses refuse answers.
 */
export async function answerCanvass(ctx: Context, input: { canvassId: string; householdId?: string | null; answers: AnswerInput[] }) {
  const canvass = await canvassFor(ctx, input.canvassId, 'input.canvassId');
  const answers = validateAnswers(canvass, input.answers).map(({ key, choices, text }) => ({ key, choices, text }));
  const { householdId, gridId } = await answeringHousehold(ctx, canvass, input.householdId);
  const _id = stableObjectId(`canvass-answer:${String(canvass._id)}:${householdId}`);
  const firstOr = <T extends { enteredBy: string; answers: unknown }>(first: T): T => {
    if (first.enteredBy === ctx.viewer.sub && sameAnswers(first.answers, answers)) return first;
    throw new ConflictError('该户已作答,以第一份为准 (this household has already answered; the first answer stands)');
  };
  const earlier = await ctx.models.CanvassAnswer.findById(_id).lean().exec();
  if (earlier) return firstOr(earlier);
  try {
    return await recordAnswer(
      ctx,
      {
        _id,
        canvassId: canvass._id,
        householdId: new Types.ObjectId(householdId),
        communityId: canvass.communityId,
        gridId: gridId ? new Types.ObjectId(gridId) : null,
        answers,
        enteredBy: ctx.viewer.sub,
        enteredAs: ctx.viewer.role,
      },
      (now) => {
        const status = canvassStatus(now);
        if (status === 'CLOSED') throw new ConflictError('征询已结束,不再收集 (the canvass is closed)');
        if (status === 'PLANNED') throw new ConflictError(`征询 ${now.opensOn} 开始 (the canvass opens on ${now.opensOn})`);
      },
    );
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    return firstOr((await ctx.models.CanvassAnswer.findById(_id).lean().exec())!);
  }
}

/** The tallies the viewer may see: a grid worker its grids', staff and street admins all of the canvass's. */
async function visibleTallies(ctx: Context, canvass: CanvassDoc) {
  const tallies = await ctx.models.CanvassTally.find({ canvassId: canvass._id }).lean().exec();
  const sorted = tallies.sort((a, b) => String(a.gridId ?? '~').localeCompare(String(b.gridId ?? '~')));
  if (ctx.viewer.role !== 'GRID_WORKER') return sorted;
  return sorted.filter((t) => t.gridId && ctx.viewer.gridIds.includes(String(t.gridId)));
}

export async function canvassProgress(ctx: Context, canvass: CanvassDoc) {
  return progressOf(await visibleTallies(ctx, canvass));
}

export async function canvassResults(ctx: Context, canvass: CanvassDoc) {
  return resultsOf(canvass.questions, await visibleTallies(ctx, canvass));
}

/** The canvass of an answer the caller just gave (it may read it: it answered it). */
export async function canvassOfAnswer(ctx: Context, answer: { canvassId: unknown }) {
  return canvassFor(ctx, String(answer.canvassId));
}
