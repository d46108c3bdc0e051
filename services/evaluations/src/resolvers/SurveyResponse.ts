import { documentId as id, loadExisting } from '@jwh/platform';
import type { SurveyResponseResolvers } from '../__generated__/resolvers-types.js';

export const SurveyResponse: SurveyResponseResolvers = {
  id,
  wave: (r, _, ctx) => loadExisting(ctx.loaders.wave, r.waveId, 'survey wave'),
  submittedAt: (r) => r.createdAt,
};
