import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as gridAdmin from '../../services/grid-admin.service.js';

export const createGrid: NonNullable<MutationResolvers['createGrid']> = (_, args, ctx) => gridAdmin.createGrid(ctx, args.input);
