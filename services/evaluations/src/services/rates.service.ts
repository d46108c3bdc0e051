import { BadUserInputError, NotFoundError } from '@jwh/platform';
import type { QueryThreeRatesArgs, QueryThreeRatesTrendArgs, RateScopeLevel } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import type { WaveDoc } from '../models/index.js';
import { canSeeWorker, requireId } from './access.js';
import { rateAggregateId } from './aggregates.js';
import { ratesOf } from './tally.js';
import { waveFor } from './wave.service.js';

const empty = (wave: WaveDoc, level: RateScopeLevel, scopeId: string) => ({
  waveId: wave._id,
  level,
  scopeId,
  n: 0,
  saw: 0,
  talked: 0,
  known: 0,
});

/**
 * Which scopes of a wave the viewer may read: street admins all of theirs; community staff their
 * communities' (the wave level too when the wave is theirs alone); a grid worker its own worker
 * scope and its grids.
 */
function canRead(ctx: Context, wave: WaveDoc, level: RateScopeLevel, scopeId: string, communityId: unknown): boolean {
  const v = ctx.viewer;
  if (level === 'WAVE')
    return (
      v.role === 'STREET_ADMIN' ||
      (v.role === 'COMMUNITY_STAFF' && wave.scope.communityIds.every((c) => v.communityIds.includes(String(c))))
    );
  if (v.role === 'GRID_WORKER') return level === 'WORKER' ? v.staffId === scopeId : level === 'GRID' && v.gridIds.includes(scopeId);
  if (level === 'WORKER') return canSeeWorker(v, scopeId, communityId);
  return v.communityIds.includes(String(communityId ?? (level === 'COMMUNITY' ? scopeId : '')));
}

async function present(ctx: Context, wave: WaveDoc, agg: Record<string, unknown> & { level: RateScopeLevel; scopeId: unknown }) {
  const survey = await ctx.loaders.survey.load(String(wave.surveyId));
  return { wave, level: agg.level, scopeId: String(agg.scopeId), ...ratesOf(agg as never, survey?.questions ?? []) };
}

/** The rates of one scope, or of every scope at a level, of a wave: one read by id (or one small list). */
export async function threeRates(ctx: Context, args: QueryThreeRatesArgs) {
  const wave = (await waveFor(ctx, args.waveId)) as WaveDoc;
  if (args.level === 'WAVE') {
    if (!canRead(ctx, wave, 'WAVE', String(wave._id), null)) return [];
    const agg = await ctx.models.RateAggregate.findById(rateAggregateId(wave._id, 'WAVE', wave._id))
      .lean()
      .exec();
    return [await present(ctx, wave, agg ?? empty(wave, 'WAVE', String(wave._id)))];
  }
  if (args.scopeId) {
    const scopeId = requireId(args.scopeId, 'scopeId');
    const agg = await ctx.models.RateAggregate.findById(rateAggregateId(wave._id, args.level, scopeId))
      .lean()
      .exec();
    const communityId = agg?.communityId ?? (args.level === 'COMMUNITY' ? scopeId : null);
    if (!canRead(ctx, wave, args.level, scopeId, communityId)) throw new NotFoundError('rates', scopeId);
    return [await present(ctx, wave, agg ?? empty(wave, args.level, scopeId))];
  }
  const rows = await ctx.models.RateAggregate.find({ waveId: wave._id, level: args.level }).sort({ scopeId: 1 }).lean().exec();
  return Promise.all(rows.filter((r) => canRead(ctx, wave, r.level, String(r.scopeId), r.communityId)).map((r) => present(ctx, wave, r)));
}

/** The last `last` waves that have totals for a scope, oldest first. */
export async function threeRatesTrend(ctx: Context, args: QueryThreeRatesTrendArgs) {
  const last = args.last ?? 8;
  if (!Number.isInteger(last) || last < 1 || last > 20) throw new BadUserInputError('last', '须为 1–20 (1–20)');
  if (args.level === 'WAVE') throw new BadUserInputError('level', '趋势按社区、网格或工作者 (a trend is of a community, grid or worker)');
  const scopeId = requireId(args.scopeId, 'scopeId');
  const rows = await ctx.models.RateAggregate.find({ level: args.level, scopeId }).lean().exec();
  const waves = await Promise.all(rows.map((r) => ctx.loaders.wave.load(String(r.waveId))));
  const pairs = rows
    .map((r, i) => ({ r, wave: waves[i] as WaveDoc | null }))
    .filter((p): p is { r: typeof p.r; wave: WaveDoc } => Boolean(p.wave) && canRead(ctx, p.wave!, p.r.level, scopeId, p.r.communityId))
    .sort((a, b) =>
      a.wave.period === b.wave.period ? a.wave.createdAt.getTime() - b.wave.createdAt.getTime() : a.wave.period < b.wave.period ? -1 : 1,
    )
    .slice(-last);
  return Promise.all(pairs.map((p) => present(ctx, p.wave, p.r)));
}
