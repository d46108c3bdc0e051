import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as waveService from '../../services/wave.service.js';

export const closeSurveyWave: NonNullable<MutationResolvers['closeSurveyWave']> = (_, args, ctx) =>
  waveService.closeSurveyWave(ctx, args.id);
