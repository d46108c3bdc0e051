import { documentId as id, loadExisting } from '@jwh/platform';
import type { SurveyWaveResolvers } from '../__generated__/resolvers-types.js';

export const SurveyWave: SurveyWaveResolvers = {
  id,
  survey: (w, _, ctx) => loadExisting(ctx.loaders.survey, w.surveyId, 'survey'),
  scope: (w) => ({ level: w.scope.level, communityIds: w.scope.communityIds.map(String), gridIds: w.scope.gridIds.map(String) }),
  resurvey: (w) =>
    w.resurvey
      ? { reason: w.resurvey.reason!, by: w.resurvey.by!, at: w.resurvey.at!, earlierWaveIds: w.resurvey.earlierWaveIds.map(String) }
      : null,
  draw: async (w, _, ctx) => (await ctx.loaders.drawByWave.load(String(w._id)))[0] ?? null,
};
