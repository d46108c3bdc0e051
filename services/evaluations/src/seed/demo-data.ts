import { demoResidentPlacement, seededRandom, stableObjectId, type Logger } from '@jwh/platform';
import type { Models } from '../models/index.js';
import { RATINGS } from '../models/review.model.js';
import { PLACES, SATISFACTION } from '../models/response.model.js';
import { rateAggregateId, reviewAggregateId } from '../services/aggregates.js';
import { isReviewValid } from '../services/review-validity.js';
import { rank } from '../services/sampling.js';
import { builtInSurvey } from '../services/survey.service.js';
import { responseIncrements } from '../services/tally.js';

/** Adds `inc` (dotted keys) into a plain running total. */
function addInto(total: Record<string, any>, inc: Record<string, number>) {
  for (const [k, v] of Object.entries(inc)) {
    const [head, tail] = k.split('.') as [string, string | undefined];
    if (tail) total[head] = { ...(total[head] ?? {}), [tail]: (total[head]?.[tail] ?? 0) + v };
    else total[head] = (total[head] ?? 0) + v;
  }
}

/**
 * A closed 2026-Q3 wave in community 0 (the demo residents 0–99, one per household): grid
 * respondents, and in grid 0-0-0 reviewers of its worker (demo staff 3), with their responses,
 * reviews and running totals.
 */
export async function seedDemoData(m: Models, logger: Logger): Promise<void> {
  const survey = await builtInSurvey(m);
  if ((await m.SurveyWave.estimatedDocumentCount()) > 0) return;
  const rnd = seededRandom(11);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const community = stableObjectId('demo:community:0');
  const staff = stableObjectId('demo:staff:3');
  const waveId = stableObjectId('demo:wave:2026-Q3');
  const drawId = stableObjectId('demo:draw:2026-Q3');
  const seed = '2026-09-30 上证综指收盘 3336.50 (演示)';
  const items = [];
  const responses: Record<string, unknown>[] = [];
  const reviews = [];
  const totals = new Map<string, Record<string, any>>();
  const reviewTotal: Record<string, any> = { EXCELLENT: 0, GOOD: 0, FAIR: 0, POOR: 0, invalid: 0 };
  for (let n = 0; n < 100; n += 2) {
    const place = demoResidentPlacement(n);
    if (place.communityKey !== 'demo:community:0') continue;
    const residentId = stableObjectId(`demo:resident:${n}`);
    const gridId = stableObjectId(place.gridKey);
    const worker = place.gridKey === 'demo:grid:0-0-0';
    const item = {
      _id: stableObjectId(`draw-item:${String(waveId)}:${String(residentId)}`),
      waveId,
      drawId,
      residentId,
      householdId: stableObjectId(`demo:household:${place.householdNo}`),
      communityId: community,
      gridId,
      stratum: worker ? `worker:${String(staff)}` : `grid:${String(gridId)}`,
      kind: worker ? 'WORKER' : 'GRID',
      staffId: worker ? staff : null,
      rank: rank(seed, String(residentId)),
      status: 'SELECTED',
      answered: rnd() < 0.85,
      reviewed: false,
    };
    items.push(item);
    if (!item.answered) continue;
    const saw = rnd() < 0.85;
    const talked = saw && rnd() < 0.75;
    const response: Record<string, unknown> & { seq: number; _id: unknown } = {
      _id: stableObjectId(`response:${String(item._id)}`),
      drawItemId: item._id,
      waveId,
      residentId,
      communityId: community,
      gridId,
      staffId: item.staffId,
      period: '2026-Q3',
      sawMember: saw,
      sawWhere: saw ? [pick(PLACES)] : [],
      talkedWithMember: talked,
      talkedAbout: null,
      talkedWhere: talked ? [pick(PLACES)] : [],
      membersKnown: Math.floor(rnd() * 3),
      satisfaction: pick(SATISFACTION),
      submittedBy: 'demo-street-admin',
      seq: responses.length + 1,
      aggregated: true,
    };
    responses.push(response);
    const scopes: [string, unknown][] = [
      ['WAVE', waveId],
      ['COMMUNITY', community],
      ['GRID', gridId],
      ...(worker ? ([['WORKER', staff]] as [string, unknown][]) : []),
    ];
    for (const [level, scopeId] of scopes) {
      const key = `${level}:${String(scopeId)}`;
      const t = totals.get(key) ?? {
        _id: rateAggregateId(waveId, level, scopeId),
        waveId,
        level,
        scopeId,
        communityId: level === 'WAVE' ? null : community,
        period: '2026-Q3',
        n: 0,
        saw: 0,
        talked: 0,
        known: 0,
      };
      addInto(t, responseIncrements(response as never));
      t.seq = response.seq;
      totals.set(key, t);
    }
    if (worker) {
      const rating = pick(RATINGS);
      const reason = rnd() < 0.6 ? '上门办理低保,材料一次讲清' : null;
      const valid = isReviewValid(rating, reason);
      reviews.push({
        _id: stableObjectId(`review:${String(item._id)}`),
        drawItemId: item._id,
        waveId,
        staffId: staff,
        communityId: community,
        period: '2026-Q3',
        rating,
        reason,
        valid,
        submittedValid: valid,
        submittedBy: 'demo-street-admin',
        seq: reviews.length + 1,
        aggregated: true,
      });
      item.reviewed = true;
      reviewTotal[valid ? rating : 'invalid']++;
    }
  }
  await m.SurveyWave.create({
    _id: waveId,
    clientRequestId: 'demo-wave-2026-Q3',
    title: '2026年第三季度新三率调查(演示)',
    period: '2026-Q3',
    surveyId: survey._id,
    street: '东湖街道',
    scope: { level: 'COMMUNITY', communityIds: [community], gridIds: [] },
    plan: { perGrid: { size: 6, rate: null }, perWorker: { size: 12, rate: null }, excludeRecentWaves: 2, spare: 5 },
    serviceFrom: '2026-07-01',
    serviceTo: '2026-09-30',
    status: 'CLOSED',
    responseSeq: responses.length,
    reviewSeq: reviews.length,
    createdBy: 'demo-street-admin',
  });
  await m.SampleDraw.create({
    _id: drawId,
    waveId,
    seed,
    status: 'DONE',
    phase: 'DONE',
    seen: items.length,
    total: items.length,
    populationSize: items.length,
    excluded: 0,
    requestedBy: 'demo-street-admin',
  });
  await m.DrawItem.insertMany(items);
  await m.SurveyResponse.insertMany(responses);
  await m.WorkerReview.insertMany(reviews);
  await m.RateAggregate.insertMany([...totals.values()]);
  await m.ReviewAggregate.create({
    _id: reviewAggregateId(waveId, staff),
    waveId,
    staffId: staff,
    communityId: community,
    period: '2026-Q3',
    seq: reviews.length,
    ...reviewTotal,
  });
  logger.info({ items: items.length, responses: responses.length, reviews: reviews.length }, 'demo data loaded');
}
