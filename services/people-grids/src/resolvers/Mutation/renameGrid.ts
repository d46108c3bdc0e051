import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as gridAdmin from '../../services/grid-admin.service.js';

export const renameGrid: NonNullable<MutationResolvers['renameGrid']> = (_, args, ctx) => gridAdmin.renameGrid(ctx, args.id, args.name);
