import {
  BadUserInputError,
  ConflictError,
  NotFoundError,
  connectionOf,
  decodeCursor,
  pageSize,
  isCalendarDate,
  maybeEntityRef,
  isDuplicateKeyError,
  ownRetry,
  querySubgraph,
  requireText,
  withLock,
  type PageArgs,
  existing,
} from '@jwh/platform';
import { GridsOfCommunityDocument } from '../__generated__/operations.js';
import type { Context } from '../context.js';
import type { DrawDoc, DrawItemDoc } from '../models/index.js';
import { requireCommunity, requireId } from './access.js';
import { periodDates, requireQuarter } from './periods.js';
import { builtInSurvey } from './survey.service.js';

interface SizeInput {
  size?: number | null;
  rate?: number | null;
}
export interface CreateWaveInput {
  clientRequestId: string;
  title: string;
  period: string;
  surveyId?: string | null;
  scope: { level: string; communityIds?: string[] | null; gridIds?: string[] | null };
  plan: { perGrid?: SizeInput | null; perWorker?: SizeInput | null; excludeRecentWaves?: number | null; spare?: number | null };
  serviceFrom?: string | null;
  serviceTo?: string | null;
  resurvey?: boolean | null;
  resurveyReason?: string | null;
}

function size(s: SizeInput | null | undefined, field: string) {
  if (!s) return null;
  const hasSize = s.size !== null && s.size !== undefined;
  const hasRate = s.rate !== null && s.rate !== undefined;
  if (hasSize === hasRate) throw new BadUserInputError(field, '须给出 size 或 rate 之一 (give size or rate)');
  if (hasSize && (!Number.isInteger(s.size) || s.size! < 1 || s.size! > 10_000))
    throw new BadUserInputError(`${field}.size`, '须为 1–10000 (1–10000)');
  if (hasRate && !(s.rate! > 0 && s.rate! <= 1)) throw new BadUserInputError(`${field}.rate`, '须大于 0 且不超过 1 (0 < rate ≤ 1)');
  return hasSize ? { size: s.size!, rate: null } : { size: null, rate: s.rate! };
}

/** Grids of a community, read from people-grids with the caller's identity. */
async function gridsOf(ctx: Context, communityId: string): Promise<string[]> {
  const data = await querySubgraph(
    ctx.graph.urls.peopleGrids,
    GridsOfCommunityDocument,
    { id: communityId },
    ctx.identity('people-grids'),
    ctx.requestId,
  );
  return data.community?.grids.map((g) => g.id) ?? [];
}

/** Plans a wave; the same clientRequestId returns the first wave. */
export async function createSurveyWave(ctx: Context, input: CreateWaveInput) {
  const clientRequestId = (input.clientRequestId ?? '').trim();
  if (clientRequestId.length < 8 || clientRequestId.length > 100)
    throw new BadUserInputError('input.clientRequestId', '长度须为 8–100 个字符 (8–100 characters)');
  const existing = await ctx.models.SurveyWave.findOne({ clientRequestId }).lean().exec();
  if (existing) return ownRetry(existing, ctx.viewer.sub, 'input.clientRequestId');
  const period = requireQuarter(input.period, 'input.period');
  const title = (input.title ?? '').trim();
  if (title.length < 2 || title.length > 100) throw new BadUserInputError('input.title', '长度须为 2–100 个字符 (2–100 characters)');
  const survey = input.surveyId
    ? await ctx.models.Survey.findById(requireId(input.surveyId, 'input.surveyId')).lean().exec()
    : await builtInSurvey(ctx.models);
  if (!survey) throw new BadUserInputError('input.surveyId', '没有这份问卷 (no such survey)');

  const level = input.scope.level;
  let communityIds: string[];
  let gridIds: string[] = [];
  if (level === 'STREET') {
    communityIds = [...ctx.viewer.communityIds];
    if (!communityIds.length) throw new BadUserInputError('input.scope', '您的街道没有社区 (no communities in your street)');
  } else {
    communityIds = (input.scope.communityIds ?? []).map((c, i) => requireId(c, `input.scope.communityIds[${i}]`));
    if (communityIds.length !== 1) throw new BadUserInputError('input.scope.communityIds', '须恰好一个社区 (exactly one community)');
    requireCommunity(ctx.viewer, communityIds[0], 'input.scope.communityIds');
    if (level === 'GRIDS') {
      gridIds = [...new Set((input.scope.gridIds ?? []).map((g, i) => requireId(g, `input.scope.gridIds[${i}]`)))];
      if (gridIds.length < 1 || gridIds.length > 50) throw new BadUserInputError('input.scope.gridIds', '1–50 个网格 (1–50 grids)');
      const known = new Set(await gridsOf(ctx, communityIds[0]!));
      const stranger = gridIds.findIndex((g) => !known.has(g));
      if (stranger >= 0) throw new BadUserInputError(`input.scope.gridIds[${stranger}]`, '不是该社区的网格 (not a grid of the community)');
    } else if (input.scope.gridIds?.length) throw new BadUserInputError('input.scope.gridIds', '只用于 GRIDS (only for GRIDS)');
  }

  const perGrid = size(input.plan.perGrid, 'input.plan.perGrid');
  const perWorker = size(input.plan.perWorker, 'input.plan.perWorker');
  if (!perGrid && !perWorker) throw new BadUserInputError('input.plan', '至少给出 perGrid 或 perWorker (give perGrid or perWorker)');
  const excludeRecentWaves = input.plan.excludeRecentWaves ?? 2;
  if (!Number.isInteger(excludeRecentWaves) || excludeRecentWaves < 0 || excludeRecentWaves > 8)
    throw new BadUserInputError('input.plan.excludeRecentWaves', '须为 0–8 (0–8)');
  const spare = input.plan.spare ?? 5;
  if (!Number.isInteger(spare) || spare < 0 || spare > 50) throw new BadUserInputError('input.plan.spare', '须为 0–50 (0–50)');

  const quarter = periodDates(period);
  const serviceFrom = input.serviceFrom ?? quarter.from;
  const serviceTo = input.serviceTo ?? quarter.to;
  if (!isCalendarDate(serviceFrom)) throw new BadUserInputError('input.serviceFrom', '日期格式应为 YYYY-MM-DD (expected YYYY-MM-DD)');
  if (!isCalendarDate(serviceTo)) throw new BadUserInputError('input.serviceTo', '日期格式应为 YYYY-MM-DD (expected YYYY-MM-DD)');
  if (serviceTo < serviceFrom) throw new BadUserInputError('input.serviceTo', '须不早于 serviceFrom (not before serviceFrom)');

  const reason = input.resurvey ? requireText(input.resurveyReason, 'input.resurveyReason', 4, 200) : null;
  try {
    // Serialised per quarter, so two waves cannot both pass the check at once.
    return await withLock(
      ctx.redis,
      `${ctx.queuePrefix}:lock:evaluations:waves:${period}`,
      async () => {
        const earlier = await overlappingWaves(ctx, { surveyId: survey._id, period, communityIds, gridIds });
        if (earlier.length && !reason)
          throw new BadUserInputError(
            'input.resurvey',
            `本季度已有同一问卷覆盖该社区的调查批次(${earlier.map((w) => w.title).join('、')}),如需重新调查请设 resurvey: true 并写明原因 ` +
              '(a wave of this survey already covers the community this quarter: set resurvey: true with a reason to survey it again)',
          );
        const resurvey = reason ? { reason, by: ctx.viewer.sub, at: new Date(), earlierWaveIds: earlier.map((w) => w._id) } : null;
        const wave = await ctx.models.SurveyWave.create({
          clientRequestId,
          title,
          period,
          surveyId: survey._id,
          street: ctx.viewer.street ?? null,
          scope: { level, communityIds, gridIds },
          plan: { perGrid, perWorker, excludeRecentWaves, spare },
          serviceFrom,
          serviceTo,
          resurvey,
          createdBy: ctx.viewer.sub,
        });
        return wave.toObject();
      },
      { ttlMs: 10_000, waitMs: 30_000 },
    );
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    return ownRetry((await ctx.models.SurveyWave.findOne({ clientRequestId }).lean().exec())!, ctx.viewer.sub, 'input.clientRequestId');
  }
}

/**
 * The waves of a survey in a quarter that cover one of the communities (for two waves by grids, one
 * of the grids): a second one is a re-survey. One equality read of the quarter's waves.
 */
async function overlappingWaves(ctx: Context, w: { surveyId: unknown; period: string; communityIds: string[]; gridIds: string[] }) {
  const waves = await ctx.models.SurveyWave.find({ period: w.period, surveyId: w.surveyId }).lean().exec();
  return waves.filter(
    (x) =>
      x.scope.communityIds.some((c) => w.communityIds.includes(String(c))) &&
      (!w.gridIds.length || !x.scope.gridIds.length || x.scope.gridIds.some((g) => w.gridIds.includes(String(g)))),
  );
}

/** A wave the viewer may act on (a street admin: one of its communities'). */
export async function waveFor(ctx: Context, id: string, field = 'waveId') {
  const wave = await ctx.models.SurveyWave.findById(requireId(id, field)).lean().exec();
  if (!wave || (ctx.viewer.role !== 'OPS' && !wave.scope.communityIds.some((c) => ctx.viewer.communityIds.includes(String(c)))))
    throw new NotFoundError('survey wave', id);
  return wave;
}

/**
 * Queues the wave's draw with the given seed. One draw per wave: asking again with the same seed
 * returns it (and re-queues a failed one); another seed is refused, so nobody can redraw until
 * the sample suits them.
 */
export async function startSampleDraw(ctx: Context, args: { waveId: string; seed: string }) {
  const wave = await waveFor(ctx, args.waveId);
  const seed = (args.seed ?? '').trim();
  if (seed.length < 4 || seed.length > 200)
    throw new BadUserInputError('seed', '4–200 个字符,例如公开的开奖号码或收盘指数 (4–200 characters, e.g. a published lottery result)');
  if (wave.status === 'CLOSED') throw new ConflictError('调查已结束 (the wave is closed)');
  let draw = await ctx.models.SampleDraw.findOne({ waveId: wave._id }).lean().exec();
  if (!draw) {
    try {
      draw = (await ctx.models.SampleDraw.create({ waveId: wave._id, seed, requestedBy: ctx.viewer.sub })).toObject();
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      draw = await ctx.models.SampleDraw.findOne({ waveId: wave._id }).lean().exec();
    }
  }
  if (draw!.seed !== seed)
    throw new ConflictError('本批次已用另一个种子抽样,不可重抽 (this wave was drawn with another seed; it cannot be redrawn)');
  // A failed draw, or one that stopped reporting progress (its worker died after its last retry), is queued again.
  const stale = draw!.status === 'RUNNING' && Date.now() - (draw!.updatedAt?.getTime() ?? 0) > 2 * 60_000;
  if (draw!.status === 'FAILED' || stale) {
    await ctx.models.SampleDraw.updateOne(
      { _id: draw!._id, status: draw!.status },
      { $set: { status: 'QUEUED', phase: 'QUEUED', failure: null } },
    ).exec();
    draw = await ctx.models.SampleDraw.findById(draw!._id).lean().exec();
  }
  if (draw!.status === 'QUEUED') {
    // The job id is the draw's: a second request (or producer) never queues it twice.
    await ctx.sampling.add(
      'draw',
      { drawId: String(draw!._id) },
      { jobId: `draw-${String(draw!._id)}-${draw!.updatedAt?.getTime() ?? 0}` },
    );
  }
  return existing(draw, 'sample draw', args.waveId);
}

export async function findDraw(ctx: Context, id: string) {
  const draw = await ctx.models.SampleDraw.findById(requireId(id, 'id')).lean().exec();
  if (!draw) return null;
  await waveFor(ctx, String(draw.waveId), 'id').catch(() => {
    throw new NotFoundError('sample draw', id);
  });
  return draw;
}

const byStratumAndRank = (a: DrawItemDoc, b: DrawItemDoc) =>
  a.stratum === b.stratum ? (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0) : a.stratum < b.stratum ? -1 : 1;

/**
 * A draw's items in one state (default SELECTED: the walk list, with the reserves that replaced
 * someone), in stratum and rank order: the order the households are to be visited. One equality
 * read (draw, state, and stratum when given: a stratum's few dozen), ordered here; the cursor is an
 * item's id, placed by its stratum and rank even when it has changed state since.
 */
export async function drawItems(ctx: Context, drawId: unknown, args: PageArgs & { stratum?: string | null; status?: string | null }) {
  const limit = pageSize(args.first);
  const filter: Record<string, unknown> = { drawId, status: args.status ?? 'SELECTED' };
  if (args.stratum) filter.stratum = args.stratum;
  const rows = (await ctx.models.DrawItem.find(filter).lean().exec()).sort(byStratumAndRank);
  let from = 0;
  if (args.after) {
    const id = decodeCursor(args.after);
    const last = rows.find((r) => String(r._id) === id) ?? (await ctx.models.DrawItem.findById(id).lean().exec());
    from = last ? rows.filter((r) => byStratumAndRank(r, last) <= 0).length : rows.length;
  }
  return connectionOf(rows.slice(from), limit, rows.length);
}

/**
 * Replaces an unreachable household by the next reserve of the same stratum, in rank order, with a
 * reason: the only way a sample changes. Serialised per stratum, so two replacements never take
 * the same reserve.
 */
export async function replaceDrawItem(ctx: Context, args: { itemId: string; reason: string }): Promise<DrawItemDoc> {
  const item = await ctx.models.DrawItem.findById(requireId(args.itemId, 'itemId')).lean().exec();
  if (!item) throw new NotFoundError('draw item', args.itemId);
  const wave = await waveFor(ctx, String(item.waveId), 'itemId');
  const reason = (args.reason ?? '').trim();
  if (reason.length < 4 || reason.length > 200)
    throw new BadUserInputError('reason', '请写明原因,4–200 个字符,例如"三次上门无人应答" (4–200 characters)');
  if (wave.status !== 'OPEN') throw new ConflictError('调查未在进行中 (the wave is not open)');
  return withStratumLock(ctx, item, async () => {
    const dangling = await ctx.models.DrawItem.find({ waveId: item.waveId, stratum: item.stratum, status: 'REPLACED' }).lean().exec();
    for (const d of dangling)
      await ctx.models.DrawItem.updateOne(
        { _id: d.replacement!.replacedBy, status: 'RESERVE' },
        { $set: { status: 'SELECTED', replaces: d._id } },
      ).exec();
    const current = await ctx.models.DrawItem.findById(item._id).lean().exec();
    if (current!.status !== 'SELECTED') throw new ConflictError('只能替换在样本中的户 (only a selected item can be replaced)');
    if (current!.answered || current!.reviewed) throw new ConflictError('已作答,不能替换 (already answered)');
    const [next] = await ctx.models.DrawItem.find({ waveId: item.waveId, stratum: item.stratum, status: 'RESERVE' })
      .sort({ rank: 1 })
      .limit(1)
      .lean()
      .exec();
    if (!next) throw new ConflictError('该层备选已用尽 (the stratum’s reserve is used up)');
    // The replaced item first (it names its replacement), then the promotion: a crash in between
    // leaves a REPLACED item whose replacement is still RESERVE, promoted by the next replacement.
    await ctx.models.DrawItem.updateOne(
      { _id: item._id, status: 'SELECTED' },
      { $set: { status: 'REPLACED', replacement: { reason, by: ctx.viewer.sub, at: new Date(), replacedBy: next._id } } },
    ).exec();
    await ctx.models.DrawItem.updateOne({ _id: next._id, status: 'RESERVE' }, { $set: { status: 'SELECTED', replaces: item._id } }).exec();
    return (await ctx.models.DrawItem.findById(next._id).lean().exec())!;
  });
}

/**
 * Serialises what changes a stratum's sample: replacements, and answers (so an item is never
 * answered while it is being replaced).
 */
export function withStratumLock<T>(ctx: Context, item: { waveId: unknown; stratum: string }, fn: () => Promise<T>): Promise<T> {
  return withLock(ctx.redis, `${ctx.queuePrefix}:lock:evaluations:stratum:${String(item.waveId)}:${item.stratum}`, fn, {
    ttlMs: 30_000,
    waitMs: 30_000,
  });
}

export async function closeSurveyWave(ctx: Context, id: string) {
  const wave = await waveFor(ctx, id, 'id');
  if (wave.status === 'CLOSED') return wave;
  if (wave.status !== 'OPEN') throw new ConflictError('尚未抽样完成 (not drawn yet)');
  return existing(
    await ctx.models.SurveyWave.findOneAndUpdate({ _id: wave._id }, { $set: { status: 'CLOSED' } }, { new: true })
      .lean()
      .exec(),
    'survey wave',
    id,
  );
}

export function listWaves(ctx: Context, args: { communityId?: string | null; period?: string | null }) {
  const filter: Record<string, unknown> = {};
  if (args.communityId) {
    requireCommunity(ctx.viewer, requireId(args.communityId, 'communityId'));
    filter['scope.communityIds'] = args.communityId;
  } else filter['scope.communityIds'] = { $in: ctx.viewer.communityIds };
  if (args.period) filter.period = requireQuarter(args.period);
  return ctx.models.SurveyWave.find(filter).sort({ createdAt: -1 }).limit(200).lean().exec();
}

/** A wave by id, or null when it is not the viewer's (or the id is not one). */
export function findWave(ctx: Context, id: string) {
  return waveFor(ctx, id, 'id').catch(() => null);
}

/** How far a draw has got: residents streamed in this phase of those counted first, 100% once done. */
export function drawProgress(d: DrawDoc) {
  return {
    phase: d.phase,
    seen: d.seen,
    total: d.total,
    percent: d.status === 'DONE' ? 100 : d.total ? Math.min(99, Math.round((d.seen / d.total) * 1000) / 10) : null,
  };
}

/** A draw's strata with the reserve left after replacements: one query per draw. */
export async function drawStrata(ctx: Context, d: DrawDoc) {
  const reserve = await ctx.models.DrawItem.find({ drawId: d._id, status: 'RESERVE' }, { stratum: 1 }).lean().exec();
  const left = (key: string) => reserve.filter((r) => r.stratum === key).length;
  return d.strata.map((s) => ({
    ...s,
    grid: s.kind === 'GRID' ? maybeEntityRef(s.refId) : null,
    worker: s.kind === 'WORKER' ? maybeEntityRef(s.refId) : null,
    reserveLeft: left(s.key),
  }));
}
