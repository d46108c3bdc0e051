import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as assessmentService from '../../services/assessment.service.js';

export const recordEvaluatedScores: NonNullable<MutationResolvers['recordEvaluatedScores']> = (_, args, ctx) =>
  assessmentService.recordEvaluatedScores(ctx, args.input);
