import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as waveService from '../../services/wave.service.js';

export const createSurveyWave: NonNullable<MutationResolvers['createSurveyWave']> = (_, args, ctx) =>
  waveService.createSurveyWave(ctx, args.input);
