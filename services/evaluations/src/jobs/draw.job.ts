import { insertIdempotent, scrubPii, stableObjectId, type Logger } from '@jwh/platform';
import type { Job } from 'bullmq';
import { ResidentCountsDocument } from '../__generated__/operations.js';
import type { Models } from '../models/index.js';
import type { GraphClient } from '../services/graph.js';
import { communityPopulation, type PopulationMember } from '../services/population.js';
import { countStrata, draw } from '../services/sampling.js';

export interface JobDeps {
  models: Models;
  graph: GraphClient;
  logger: Logger;
}

type Size = { size?: number | null; rate?: number | null } | null | undefined;

/** Stratum size from the plan: an absolute size, or the rate of its population rounded up; -1 = not drawn. */
export function stratumSize(plan: Size, population: number | undefined): number {
  if (!plan) return -1;
  if (typeof plan.size === 'number') return plan.size;
  if (typeof plan.rate === 'number') return Math.ceil(plan.rate * (population ?? 0));
  return -1;
}

/** Residents of the wave's communities (or of its grids), from the register's counts: the draw's expected total. */
async function residentTotal(graph: GraphClient, communityIds: string[], gridIds: string[]): Promise<number> {
  let total = 0;
  for (const id of communityIds) {
    const { community } = await graph.asService(graph.urls.peopleGrids, [id], ResidentCountsDocument, { id });
    if (!community) continue;
    total += gridIds.length
      ? community.grids.filter((g) => gridIds.includes(g.id)).reduce((n, g) => n + g.residentCount, 0)
      : community.residentCount;
  }
  return total;
}

/** Residents who answered any of the last `n` waves before `wave` that share one of its communities. */
async function recentRespondents(
  models: Models,
  wave: { _id: unknown; createdAt: Date; scope: { communityIds: unknown[] } },
  n: number,
): Promise<Set<string>> {
  if (n <= 0) return new Set();
  const earlier = await models.SurveyWave.find(
    { createdAt: { $lt: wave.createdAt }, status: { $in: ['OPEN', 'CLOSED'] } },
    { scope: 1, createdAt: 1 },
  )
    .lean()
    .exec();
  const mine = new Set(wave.scope.communityIds.map(String));
  const last = earlier
    .filter((w) => w.scope.communityIds.some((c) => mine.has(String(c))))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .slice(0, n);
  const out = new Set<string>();
  for (const w of last) {
    const rows = await models.SurveyResponse.find({ waveId: w._id }, { residentId: 1 }).lean().exec();
    for (const r of rows) out.add(String(r.residentId));
  }
  return out;
}

/**
 * Runs a wave's draw: streams the population from the graph (once more first if the plan uses
 * rates), draws, saves the sample and reserve. Safe to run again (a retry): items have ids derived
 * from wave and resident, and the same seed and population give the same items.
 */
export async function runDraw(deps: JobDeps, drawId: string, job?: Job) {
  const { models } = deps;
  const d = await models.SampleDraw.findById(drawId).lean().exec();
  if (!d) throw new Error(`draw ${drawId} not found`);
  if (d.status === 'DONE') return { drawId, status: 'DONE' };
  const wave = await models.SurveyWave.findById(d.waveId).lean().exec();
  if (!wave) throw new Error(`wave ${String(d.waveId)} not found`);
  const startedAt = new Date();
  const communityIds = wave.scope.communityIds.map(String);
  const gridIds = wave.scope.gridIds.map(String);
  // Progress is in residents streamed of the residents counted first (the register's counts, one
  // read per community), so a draw shows how far it has got from the moment it runs.
  const total = await residentTotal(deps.graph, communityIds, gridIds);
  await models.SampleDraw.updateOne(
    { _id: d._id },
    { $set: { status: 'RUNNING', phase: 'COUNTING', seen: 0, total, startedAt, failure: null } },
  ).exec();
  await models.SurveyWave.updateOne({ _id: wave._id, status: 'PLANNED' }, { $set: { status: 'DRAWING' } }).exec();
  // A retry starts clean: the population or the exclusions may have changed since the last attempt,
  // and nobody uses the items before the draw is DONE (the wave opens then).
  await models.DrawItem.deleteMany({ drawId: d._id }).exec();

  const plan = wave.plan;
  let residents = 0;
  const population = async function* (): AsyncGenerator<PopulationMember> {
    residents = 0;
    for (const communityId of communityIds) {
      yield* communityPopulation(deps.graph, communityId, {
        gridIds,
        from: wave.serviceFrom,
        to: wave.serviceTo,
        workers: Boolean(plan.perWorker),
        grids: Boolean(plan.perGrid),
        onResident: () => void residents++,
      });
    }
  };
  let lastWrite = 0;
  const progress = (phase: string) => async () => {
    const now = Date.now();
    if (now - lastWrite < 500) return;
    lastWrite = now;
    await models.SampleDraw.updateOne({ _id: d._id }, { $set: { phase, seen: residents, total } }).exec();
    if (job && total) await job.updateProgress(Math.min(99, Math.round((residents / total) * 100)));
  };

  const usesRates = [plan.perGrid, plan.perWorker].some((p) => p && typeof p.size !== 'number' && typeof p.rate === 'number');
  let counts: Map<string, number> | null = null;
  if (usesRates) counts = (await countStrata(population(), progress('COUNTING'))).counts;
  const exclude = await recentRespondents(models, wave, plan.excludeRecentWaves ?? 0);
  await models.SampleDraw.updateOne({ _id: d._id }, { $set: { phase: 'DRAWING', seen: 0 } }).exec();
  const sizeOf = (stratum: string) => stratumSize(stratum.startsWith('grid:') ? plan.perGrid : plan.perWorker, counts?.get(stratum));
  const result = await draw(population(), {
    seed: d.seed,
    sizeOf,
    spare: plan.spare ?? 5,
    exclude,
    onProgress: progress('DRAWING'),
  });

  await models.SampleDraw.updateOne({ _id: d._id }, { $set: { phase: 'SAVING', seen: residents, total: residents } }).exec();
  const items = [];
  const strata = [];
  for (const [key, s] of Object.entries(result.strata).sort(([a], [b]) => a.localeCompare(b))) {
    const [kind, refId] = key.split(':') as [string, string];
    strata.push({
      key,
      kind: kind === 'grid' ? 'GRID' : 'WORKER',
      refId,
      population: s.population,
      planned: s.planned,
      drawn: s.sample.length,
      reserve: s.reserve.length,
    });
    for (const [list, status] of [
      [s.sample, 'SELECTED'],
      [s.reserve, 'RESERVE'],
    ] as const) {
      for (const c of list) {
        items.push({
          _id: stableObjectId(`draw-item:${String(wave._id)}:${c.id}`),
          waveId: wave._id,
          drawId: d._id,
          residentId: c.id,
          householdId: c.householdId,
          communityId: c.communityId,
          gridId: c.gridId,
          stratum: key,
          kind: kind === 'grid' ? 'GRID' : 'WORKER',
          staffId: c.staffId,
          rank: c.rank,
          status,
        });
      }
    }
  }
  await insertIdempotent(models.DrawItem, items);
  await models.SampleDraw.updateOne(
    { _id: d._id },
    {
      $set: {
        status: 'DONE',
        phase: 'DONE',
        strata,
        populationSize: residents,
        excluded: result.excluded,
        seen: residents,
        total: residents,
        finishedAt: new Date(),
      },
    },
  ).exec();
  await models.SurveyWave.updateOne({ _id: wave._id, status: { $in: ['PLANNED', 'DRAWING'] } }, { $set: { status: 'OPEN' } }).exec();
  await job?.updateProgress(100);
  deps.logger.info(
    { drawId, waveId: String(wave._id), seen: result.seen, items: items.length, ms: Date.now() - startedAt.getTime() },
    'sample drawn',
  );
  return { drawId, status: 'DONE', items: items.length };
}

/** Records a draw's last failure (the job is retried with backoff until its attempts run out). */
export async function failDraw(models: Models, drawId: string, err: unknown, final: boolean) {
  await models.SampleDraw.updateOne(
    { _id: drawId },
    { $set: { failure: scrubPii((err as Error).message).slice(0, 300), ...(final ? { status: 'FAILED', phase: 'FAILED' } : {}) } },
  ).exec();
}
