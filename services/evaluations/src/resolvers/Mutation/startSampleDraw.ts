import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as waveService from '../../services/wave.service.js';

export const startSampleDraw: NonNullable<MutationResolvers['startSampleDraw']> = (_, args, ctx) => waveService.startSampleDraw(ctx, args);
