import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as gridService from '../../services/grid.service.js';

export const gridsOutOfRange: NonNullable<QueryResolvers['gridsOutOfRange']> = (_, args, ctx) =>
  gridService.gridsOutOfRange(ctx, args.communityId);
