import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as responseService from '../../services/response.service.js';

export const enterPaperSurveyResponse: NonNullable<MutationResolvers['enterPaperSurveyResponse']> = (_, args, ctx) =>
  responseService.submitSurveyResponse(ctx, args.input, 'PAPER');
