import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as surveyService from '../../services/survey.service.js';

export const createSurvey: NonNullable<MutationResolvers['createSurvey']> = (_, args, ctx) => surveyService.createSurvey(ctx, args.input);
