import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as responseService from '../../services/response.service.js';

export const surveyResponses: NonNullable<QueryResolvers['surveyResponses']> = (_, args, ctx) =>
  responseService.listSurveyResponses(ctx, args);
