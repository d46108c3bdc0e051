import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as assessmentService from '../../services/assessment.service.js';

export const submitSelfAssessment: NonNullable<MutationResolvers['submitSelfAssessment']> = (_, args, ctx) =>
  assessmentService.submitSelfAssessment(ctx, args.input);
