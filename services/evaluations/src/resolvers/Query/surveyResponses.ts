import { allOf, BadUserInputError, pageSize, rowScope } from '@jwh/shared';
import type { Context } from '../../context.js';
import { responseScope } from '../../policy.js';

export const surveyResponses = (_: unknown, args: { period: string; first?: number | null }, ctx: Context) => {
  if (!/^\d{4}-Q[1-4]$/.test(args.period)) throw new BadUserInputError('period', '格式应为 2026-Q4 (expected YYYY-Qn)');
  return ctx.models.SurveyResponse.find(allOf(rowScope(ctx.viewer, responseScope), { period: args.period })).sort({ _id: 1 }).limit(pageSize(args.first)).lean().exec();
};
