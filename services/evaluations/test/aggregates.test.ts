import { createLogger, createRedis, stableObjectId } from '@jwh/platform';
import { subgraphUnderTest } from '@jwh/testkit';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { startEvaluations } from '../src/app.js';
import { loadEnvironment } from '../src/environment.js';
import { applyResponse, rateAggregateId, repairAggregates } from '../src/services/aggregates.js';
import { builtInSurvey } from '../src/services/survey.service.js';

const t = subgraphUnderTest(loadEnvironment, startEvaluations, {
  PEOPLE_GRIDS_URL: 'http://127.0.0.1:9/graphql',
  SERVICE_MATTERS_URL: 'http://127.0.0.1:9/graphql',
});
let redis: ReturnType<typeof createRedis> | null = null;
after(async () => redis?.quit());

async function setup() {
  const m = t.sg.models;
  redis ??= createRedis(t.env.REDIS_URL, 'client', createLogger('test', 'warn'));
  const deps = { models: m, redis, queuePrefix: t.env.QUEUE_PREFIX };
  const survey = await builtInSurvey(m);
  const community = stableObjectId('agg:community');
  const grid = stableObjectId('agg:grid');
  const wave = await m.SurveyWave.create({
    clientRequestId: `agg-${Date.now()}-${Math.random()}`,
    title: '聚合测试',
    period: '2026-Q4',
    surveyId: survey._id,
    scope: { level: 'COMMUNITY', communityIds: [community], gridIds: [] },
    plan: { perGrid: { size: 5, rate: null }, perWorker: null, excludeRecentWaves: 0, spare: 0 },
    serviceFrom: '2026-10-01',
    serviceTo: '2026-12-31',
    status: 'OPEN',
    createdBy: 'test',
  });
  const respond = (n: number, saw: boolean) =>
    m.SurveyResponse.create({
      drawItemId: stableObjectId(`agg:item:${String(wave._id)}:${n}`),
      waveId: wave._id,
      residentId: stableObjectId(`agg:resident:${n}`),
      communityId: community,
      gridId: grid,
      period: '2026-Q4',
      sawMember: saw,
      sawWhere: saw ? ['HOME'] : [],
      talkedWithMember: false,
      membersKnown: 0,
      satisfaction: 'SATISFIED',
      submittedBy: 'test',
    });
  const total = async (level: string, scopeId: unknown) =>
    (await m.RateAggregate.findById(rateAggregateId(wave._id, level, scopeId))
      .lean()
      .exec()) ?? { n: 0, saw: 0 };
  return { m, deps, wave, community, grid, respond, total };
}

/** The wave's, community's and grid's totals all count `n` responses of which `saw` saw the worker. */
async function expectTotals(
  total: (level: string, scopeId: unknown) => Promise<{ n: number; saw: number }>,
  [wave, community, grid]: unknown[],
  expected: [number, number],
) {
  for (const [level, id] of [
    ['WAVE', wave],
    ['COMMUNITY', community],
    ['GRID', grid],
  ] as const) {
    const t = await total(level, id);
    assert.deepEqual([t.n, t.saw], expected, level);
  }
}

test('50 responses applied 10 at a time: every total counts each exactly once', async () => {
  const { deps, respond, total, wave, community, grid } = await setup();
  const responses = await Promise.all(Array.from({ length: 50 }, (_, n) => respond(n, n % 5 !== 0)));
  await Promise.all(responses.map((r) => applyResponse(deps, r._id)));
  // Applying all of them again changes nothing.
  await Promise.all(responses.slice(0, 10).map((r) => applyResponse(deps, r._id)));
  await expectTotals(total, [wave._id, community, grid], [50, 40]);
});

test('a step that crashed half-way is finished before a later step can overtake it', async () => {
  const { m, deps, respond, total, wave, community, grid } = await setup();
  const a = await respond(1, true);
  // Simulate a crash: response a was numbered 1 and reached the WAVE total only.
  await m.SurveyWave.updateOne({ _id: wave._id }, { $set: { responseSeq: 1, pendingResponse: { id: a._id, seq: 1 } } }).exec();
  await m.RateAggregate.create({
    _id: rateAggregateId(wave._id, 'WAVE', wave._id),
    waveId: wave._id,
    level: 'WAVE',
    scopeId: wave._id,
    period: '2026-Q4',
    seq: 1,
    n: 1,
    saw: 1,
  });
  // A later response comes in: it first finishes a (COMMUNITY and GRID), then counts itself.
  const b = await respond(2, false);
  await applyResponse(deps, b._id);
  await expectTotals(total, [wave._id, community, grid], [2, 1]);
  assert.equal((await m.SurveyResponse.findById(a._id).lean().exec())!.aggregated, true);
  // A response that was written but never numbered (a crash before) is picked up by the repair.
  const c = await respond(3, true);
  assert.deepEqual(await repairAggregates(deps, 0), { responses: 1, reviews: 0 });
  assert.deepEqual([(await total('GRID', grid)).n, (await m.SurveyResponse.findById(c._id).lean().exec())!.aggregated], [3, true]);
});
