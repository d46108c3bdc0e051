import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as assessmentService from '../../services/assessment.service.js';

export const workerScores: NonNullable<QueryResolvers['workerScores']> = (_, args, ctx) => assessmentService.workerScores(ctx, args);
