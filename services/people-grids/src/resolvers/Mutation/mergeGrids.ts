import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as gridAdmin from '../../services/grid-admin.service.js';

export const mergeGrids: NonNullable<MutationResolvers['mergeGrids']> = (_, args, ctx) => gridAdmin.mergeGrids(ctx, args.input);
