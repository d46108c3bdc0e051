import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as waveService from '../../services/wave.service.js';

export const surveyWaves: NonNullable<QueryResolvers['surveyWaves']> = (_, args, ctx) => waveService.listWaves(ctx, args);
