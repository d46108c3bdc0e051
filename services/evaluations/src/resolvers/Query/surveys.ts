import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as surveyService from '../../services/survey.service.js';

export const surveys: NonNullable<QueryResolvers['surveys']> = (_, __, ctx) => surveyService.listSurveys(ctx);
