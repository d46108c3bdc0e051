import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as gridService from '../../services/grid.service.js';

export const ungriddedHouseholds: NonNullable<QueryResolvers['ungriddedHouseholds']> = (_, args, ctx) =>
  gridService.ungriddedHouseholds(ctx, args.communityId, args);
