import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as waveService from '../../services/wave.service.js';

export const sampleDraw: NonNullable<QueryResolvers['sampleDraw']> = (_, args, ctx) => waveService.findDraw(ctx, args.id);
