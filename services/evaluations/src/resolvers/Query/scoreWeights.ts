import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as assessmentService from '../../services/assessment.service.js';

export const scoreWeights: NonNullable<QueryResolvers['scoreWeights']> = (_, __, ctx) => assessmentService.scoreWeights(ctx);
