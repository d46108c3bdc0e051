import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as gridService from '../../services/grid.service.js';

export const householdMoves: NonNullable<QueryResolvers['householdMoves']> = (_, args, ctx) =>
  gridService.householdMoves(ctx, args.householdId);
