import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as gridAdmin from '../../services/grid-admin.service.js';

export const splitGrid: NonNullable<MutationResolvers['splitGrid']> = (_, args, ctx) => gridAdmin.splitGrid(ctx, args.input);
