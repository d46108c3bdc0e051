import { documentId as id, entityRef as ref } from '@jwh/platform';
import type { SelfAssessmentResolvers } from '../__generated__/resolvers-types.js';
import { assessmentTotals } from '../services/assessment.service.js';

export const SelfAssessment: SelfAssessmentResolvers = {
  id,
  community: (s) => ref(s.communityId),
  maxTotal: (s) => assessmentTotals(s).maxTotal,
  selfTotal: (s) => assessmentTotals(s).selfTotal,
  evaluatedTotal: (s) => assessmentTotals(s).evaluatedTotal,
  gap: (s) => assessmentTotals(s).gap,
  submittedAt: (s) => s.updatedAt,
};
