import { BadUserInputError, ConflictError, NotFoundError, existing, requireText } from '@jwh/platform';
import type { Context } from '../context.js';
import type { AnswerInput, NewThreeRatesInput } from './survey.service.js';
import { applyCorrection, applyResponse } from './aggregates.js';
import { inViewerCommunities, requireId } from './access.js';
import { answerFields } from './response.service.js';

/** How long after submitting the one who entered a response may correct it: "before the interviewer leaves". */
export const CORRECTION_WINDOW_MINUTES = 30;

/** Fields a correction may change; `talkedAbout` changes but is never listed (it is not shown to anyone). */
const LISTED = ['sawMember', 'sawWhere', 'talkedWithMember', 'talkedWhere', 'membersKnown', 'satisfaction'] as const;

const shown = (v: unknown): string | null =>
  v === null || v === undefined ? null : Array.isArray(v) ? [...v].map(String).sort().join(',') : String(v);

type AnswerRow = { key: string; choices?: unknown[]; text?: unknown; value?: unknown };
const answerShown = (a: AnswerRow | undefined) =>
  a ? JSON.stringify([[...(a.choices ?? [])].sort(), a.text ?? null, a.value ?? null]) : null;

/** The fields that differ between the stored response and the corrected answers, as before/after strings. */
function changesOf(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changes: { field: string; before: string | null; after: string | null }[] = [];
  for (const f of LISTED) {
    if (!(f in after)) continue;
    const [b, a] = [shown(before[f]), shown(after[f])];
    if (b !== a) changes.push({ field: f, before: b, after: a });
  }
  if ('answers' in after) {
    const [was, now] = [(before.answers ?? []) as AnswerRow[], after.answers as AnswerRow[]];
    for (const key of [...new Set([...was, ...now].map((a) => a.key))].sort()) {
      const [b, a] = [answerShown(was.find((x) => x.key === key)), answerShown(now.find((x) => x.key === key))];
      if (b !== a) changes.push({ field: `answers.${key}`, before: b, after: a });
    }
  }
  const talked = 'talkedAbout' in after && (before.talkedAbout ?? null) !== (after.talkedAbout ?? null);
  return { changes, changed: changes.length > 0 || talked };
}

/**
 * Whoever entered a response corrects it within CORRECTION_WINDOW_MINUTES of submitting (the
 * respondent changed its mind before the interviewer left). The whole sheet is given again; what
 * differs is recorded on the response (before, after, who, when, why) and the running totals move
 * by the difference. A retry changes nothing more (and is answered even after the window). Anyone else, or later, is refused naming
 * `input.responseId`.
 */
export async function correctSurveyResponse(
  ctx: Context,
  input: { responseId: string; newThreeRates?: NewThreeRatesInput | null; answers?: AnswerInput[] | null; reason?: string | null },
) {
  const r = await ctx.models.SurveyResponse.findById(requireId(input.responseId, 'input.responseId')).lean().exec();
  const mine = r?.submittedBy === ctx.viewer.sub;
  if (!r || (!mine && (ctx.viewer.role === 'RESIDENT' || !inViewerCommunities(ctx.viewer, r.communityId))))
    throw new NotFoundError('survey response', input.responseId);
  if (!mine)
    throw new BadUserInputError('input.responseId', '只有录入这份答卷的人可以更正 (only whoever entered this response may correct it)');
  const reason = input.reason?.trim() ? requireText(input.reason, 'input.reason', 2, 200) : null;
  const wave = await ctx.models.SurveyWave.findById(r.waveId).lean().exec();
  if (wave?.status !== 'OPEN') throw new ConflictError('调查未在进行中 (the wave is not open)');
  const survey = await ctx.loaders.survey.load(String(wave.surveyId));
  const after = await answerFields(ctx, r, survey!, input, r.membersKnown ?? 0);
  const { changes, changed } = changesOf(r as Record<string, unknown>, after);
  // Nothing to change (a retry of a correction already made) is answered even after the window.
  if (!changed) return r;
  if (Date.now() - r.createdAt.getTime() > CORRECTION_WINDOW_MINUTES * 60_000)
    throw new BadUserInputError(
      'input.responseId',
      `提交已超过 ${CORRECTION_WINDOW_MINUTES} 分钟,不能再更正 (more than ${CORRECTION_WINDOW_MINUTES} minutes since it was submitted: no longer correctable)`,
    );
  // The response must be in the totals before they can move by the difference.
  await applyResponse(ctx, r._id);
  await applyCorrection(ctx, r._id, { after, changes, by: ctx.viewer.sub, byStaffId: ctx.viewer.staffId ?? null, reason });
  return existing(await ctx.models.SurveyResponse.findById(r._id).lean().exec(), 'survey response', input.responseId);
}
