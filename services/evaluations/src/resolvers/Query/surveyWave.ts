import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as waveService from '../../services/wave.service.js';

export const surveyWave: NonNullable<QueryResolvers['surveyWave']> = (_, args, ctx) => waveService.findWave(ctx, args.id);
