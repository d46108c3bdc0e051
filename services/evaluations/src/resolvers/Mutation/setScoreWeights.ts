import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as assessmentService from '../../services/assessment.service.js';

export const setScoreWeights: NonNullable<MutationResolvers['setScoreWeights']> = (_, args, ctx) =>
  assessmentService.setScoreWeights(ctx, args.input);
