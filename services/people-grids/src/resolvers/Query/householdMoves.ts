import type { Context } from '../../context.js';
import { householdMoves as moves } from '../../services/grid.service.js';

export const householdMoves = (_: unknown, args: { householdId: string }, ctx: Context) => moves(ctx, args.householdId);
