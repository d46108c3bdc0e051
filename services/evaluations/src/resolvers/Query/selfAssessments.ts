import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as assessmentService from '../../services/assessment.service.js';

export const selfAssessments: NonNullable<QueryResolvers['selfAssessments']> = (_, args, ctx) =>
  assessmentService.listSelfAssessments(ctx, args.period);
