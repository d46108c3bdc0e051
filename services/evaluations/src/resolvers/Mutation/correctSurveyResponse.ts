import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as correctionService from '../../services/correction.service.js';

export const correctSurveyResponse: NonNullable<MutationResolvers['correctSurveyResponse']> = (_, args, ctx) =>
  correctionService.correctSurveyResponse(ctx, args.input);
