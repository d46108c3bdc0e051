import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as waveService from '../../services/wave.service.js';

export const replaceDrawItem: NonNullable<MutationResolvers['replaceDrawItem']> = (_, args, ctx) => waveService.replaceDrawItem(ctx, args);
