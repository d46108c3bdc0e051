import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as pointsService from '../../services/points.service.js';

export const confirmHours: NonNullable<MutationResolvers['confirmHours']> = (_, args, ctx) => pointsService.confirmHours(ctx, args.input);
