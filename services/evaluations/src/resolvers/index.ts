import { BadUserInputError, allOf, pageSize, rowScope } from '@jwh/platform';
import type { Context } from '../context.js';
import type { AuditDoc } from '../models/audit.model.js';
import type { SelfAssessmentDoc } from '../models/assessment.model.js';
import type { DrawDoc, DrawItemDoc, WaveDoc } from '../models/index.js';
import type { MeetingDoc } from '../models/vote.model.js';
import { responseScope } from '../policy.js';
import { auditSummary, findAudit, listAudits, recordAuditCheck, startAudit } from '../services/audit.service.js';
import {
  listSelfAssessments,
  recordEvaluatedScores,
  scoreWeights,
  setScoreWeights,
  submitSelfAssessment,
  workerScores,
} from '../services/assessment.service.js';
import { threeRates, threeRatesTrend } from '../services/rates.service.js';
import { invalidateWorkerReview, reviewSummary, submitSurveyResponse, submitWorkerReview } from '../services/response.service.js';
import { builtInSurvey, createSurvey } from '../services/survey.service.js';
import { castBallot, closeRepresentativeMeeting, listMeetings, openRepresentativeMeeting, tally } from '../services/vote.service.js';
import {
  closeSurveyWave,
  createSurveyWave,
  drawItems,
  findDraw,
  listWaves,
  replaceDrawItem,
  startSampleDraw,
  waveFor,
} from '../services/wave.service.js';

type Args = Record<string, any>;
const id = (d: { _id: unknown }) => String(d._id);
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const ref = (value: unknown) => (value ? { id: String(value) } : null);

export const resolvers = {
  Query: {
    surveys: async (_: unknown, __: unknown, ctx: Context) => (
      await builtInSurvey(ctx.models),
      ctx.models.Survey.find({}).sort({ builtIn: -1, code: 1 }).lean().exec()
    ),
    surveyWaves: (_: unknown, a: Args, ctx: Context) => listWaves(ctx, a),
    surveyWave: (_: unknown, a: Args, ctx: Context) => waveFor(ctx, a.id, 'id').catch(() => null),
    sampleDraw: (_: unknown, a: Args, ctx: Context) => findDraw(ctx, a.id),
    surveyResponses: (_: unknown, a: Args, ctx: Context) => {
      if (!/^\d{4}-Q[1-4]$/.test(a.period)) throw new BadUserInputError('period', '格式应为 2026-Q4 (expected YYYY-Qn)');
      return ctx.models.SurveyResponse.find(allOf(rowScope(ctx.viewer, responseScope), { period: a.period }))
        .sort({ _id: 1 })
        .limit(pageSize(a.first))
        .lean()
        .exec();
    },
    threeRates: (_: unknown, a: Args, ctx: Context) => threeRates(ctx, a as never),
    threeRatesTrend: (_: unknown, a: Args, ctx: Context) => threeRatesTrend(ctx, a as never),
    audits: (_: unknown, a: Args, ctx: Context) => listAudits(ctx, a as never),
    audit: (_: unknown, a: Args, ctx: Context) => findAudit(ctx, a.id),
    representativeMeetings: (_: unknown, a: Args, ctx: Context) => listMeetings(ctx, a.communityId),
    selfAssessments: (_: unknown, a: Args, ctx: Context) => listSelfAssessments(ctx, a.period),
    scoreWeights: (_: unknown, __: unknown, ctx: Context) => scoreWeights(ctx),
    workerScores: (_: unknown, a: Args, ctx: Context) => workerScores(ctx, a as never),
  },
  Mutation: {
    createSurvey: (_: unknown, a: Args, ctx: Context) => createSurvey(ctx, a.input),
    createSurveyWave: (_: unknown, a: Args, ctx: Context) => createSurveyWave(ctx, a.input),
    startSampleDraw: (_: unknown, a: Args, ctx: Context) => startSampleDraw(ctx, a as never),
    replaceDrawItem: (_: unknown, a: Args, ctx: Context) => replaceDrawItem(ctx, a as never),
    closeSurveyWave: (_: unknown, a: Args, ctx: Context) => closeSurveyWave(ctx, a.id),
    submitSurveyResponse: (_: unknown, a: Args, ctx: Context) => submitSurveyResponse(ctx, a.input),
    submitWorkerReview: (_: unknown, a: Args, ctx: Context) => submitWorkerReview(ctx, a.input),
    invalidateWorkerReview: (_: unknown, a: Args, ctx: Context) => invalidateWorkerReview(ctx, a as never),
    startAudit: (_: unknown, a: Args, ctx: Context) => startAudit(ctx, a.input),
    recordAuditCheck: (_: unknown, a: Args, ctx: Context) => recordAuditCheck(ctx, a.input),
    openRepresentativeMeeting: (_: unknown, a: Args, ctx: Context) => openRepresentativeMeeting(ctx, a.input),
    castBallot: (_: unknown, a: Args, ctx: Context) => castBallot(ctx, a.input),
    closeRepresentativeMeeting: (_: unknown, a: Args, ctx: Context) => closeRepresentativeMeeting(ctx, a.id),
    submitSelfAssessment: (_: unknown, a: Args, ctx: Context) => submitSelfAssessment(ctx, a.input),
    recordEvaluatedScores: (_: unknown, a: Args, ctx: Context) => recordEvaluatedScores(ctx, a.input),
    setScoreWeights: (_: unknown, a: Args, ctx: Context) => setScoreWeights(ctx, a.input),
  },
  Survey: { id },
  SurveyWave: {
    id,
    survey: (w: WaveDoc, _: unknown, ctx: Context) => ctx.loaders.survey.load(String(w.surveyId)),
    scope: (w: WaveDoc) => ({ level: w.scope.level, communityIds: w.scope.communityIds.map(String), gridIds: w.scope.gridIds.map(String) }),
    draw: async (w: WaveDoc, _: unknown, ctx: Context) => (await ctx.loaders.drawByWave.load(String(w._id)))[0] ?? null,
    createdAt: (w: WaveDoc) => iso(w.createdAt),
  },
  SampleDraw: {
    id,
    wave: (d: DrawDoc, _: unknown, ctx: Context) => ctx.loaders.wave.load(String(d.waveId)),
    progress: (d: DrawDoc) => ({
      phase: d.phase,
      seen: d.seen,
      total: d.total,
      percent: d.status === 'DONE' ? 100 : d.total ? Math.min(99, Math.round((d.seen / d.total) * 1000) / 10) : null,
    }),
    strata: async (d: DrawDoc, _: unknown, ctx: Context) => {
      // Reserve left after replacements: one query per draw.
      const reserve = await ctx.models.DrawItem.find({ drawId: d._id, status: 'RESERVE' }, { stratum: 1 }).lean().exec();
      const left = (key: string) => reserve.filter((r) => r.stratum === key).length;
      return d.strata.map((s) => ({
        ...s,
        grid: s.kind === 'GRID' ? ref(s.refId) : null,
        worker: s.kind === 'WORKER' ? ref(s.refId) : null,
        reserveLeft: left(s.key),
      }));
    },
    items: (d: DrawDoc, a: Args, ctx: Context) => drawItems(ctx, d._id, a),
    startedAt: (d: DrawDoc) => iso(d.startedAt),
    finishedAt: (d: DrawDoc) => iso(d.finishedAt),
  },
  DrawItem: {
    id,
    resident: (i: DrawItemDoc) => ref(i.residentId),
    household: (i: DrawItemDoc) => ref(i.householdId),
    grid: (i: DrawItemDoc) => ref(i.gridId),
    worker: (i: DrawItemDoc) => ref(i.staffId),
    replacement: (i: DrawItemDoc) =>
      i.replacement
        ? { reason: i.replacement.reason, by: i.replacement.by, at: iso(i.replacement.at), replacedBy: String(i.replacement.replacedBy) }
        : null,
    replaces: (i: DrawItemDoc) => (i.replaces ? String(i.replaces) : null),
  },
  SurveyResponse: {
    id,
    wave: (r: { waveId: unknown }, _: unknown, ctx: Context) => ctx.loaders.wave.load(String(r.waveId)),
    submittedAt: (r: { createdAt: Date }) => iso(r.createdAt),
  },
  WorkerReview: { id },
  Audit: {
    id,
    community: (a: AuditDoc) => ref(a.communityId),
    items: (a: AuditDoc, _: unknown, ctx: Context) => ctx.loaders.auditItemsByAudit.load(String(a._id)),
    summary: async (a: AuditDoc, _: unknown, ctx: Context) => auditSummary(await ctx.loaders.auditItemsByAudit.load(String(a._id))),
  },
  AuditItem: {
    id,
    visit: (i: { visitId: unknown }) => ref(i.visitId),
    worker: (i: { staffId: unknown }) => ref(i.staffId),
    checkedAt: (i: { checkedAt: Date | null }) => iso(i.checkedAt),
  },
  RepresentativeMeeting: {
    id,
    community: (m: MeetingDoc) => ref(m.communityId),
    workers: (m: MeetingDoc) => m.staffIds.map(ref),
    representatives: (m: MeetingDoc) => m.representativeIds.length,
    ballotsCast: async (m: MeetingDoc, _: unknown, ctx: Context) => (await tally(ctx, m)).cast,
    results: async (m: MeetingDoc, _: unknown, ctx: Context) => (m.status === 'CLOSED' ? (await tally(ctx, m)).results : null),
    overall: async (m: MeetingDoc, _: unknown, ctx: Context) => (m.status === 'CLOSED' ? (await tally(ctx, m)).overall : null),
  },
  SelfAssessment: {
    id,
    community: (s: SelfAssessmentDoc) => ref(s.communityId),
    maxTotal: (s: SelfAssessmentDoc) => s.items.reduce((n, i) => n + i.maxScore, 0),
    selfTotal: (s: SelfAssessmentDoc) => s.items.reduce((n, i) => n + i.selfScore, 0),
    evaluatedTotal: (s: SelfAssessmentDoc) =>
      s.items.every((i) => typeof i.evaluatedScore === 'number') ? s.items.reduce((n, i) => n + i.evaluatedScore!, 0) : null,
    gap: (s: SelfAssessmentDoc) =>
      s.items.every((i) => typeof i.evaluatedScore === 'number')
        ? Math.round(s.items.reduce((n, i) => n + i.selfScore - i.evaluatedScore!, 0) * 10) / 10
        : null,
    submittedAt: (s: SelfAssessmentDoc) => iso(s.updatedAt),
  },
  WorkerScore: {
    worker: (s: { worker: { id: string } }) => ({ id: s.worker.id }),
  },
  Resident: {
    __resolveReference: (r: { id: string }) => r,
    surveyResponses: (r: { id: string }, _: unknown, ctx: Context) => ctx.loaders.responsesByResident.load(r.id),
  },
  StaffMember: {
    __resolveReference: (r: { id: string }) => r,
    reviews: (s: { id: string }, _: unknown, ctx: Context) => ctx.loaders.reviewsByStaff.load(s.id),
    reviewSummary: (s: { id: string }, a: Args, ctx: Context) => reviewSummary(ctx, s.id, a.period),
  },
};
