import type { Context } from '../../context.js';
import { moveHousehold as move } from '../../services/grid.service.js';

export const moveHousehold = (_: unknown, args: { input: { householdId: string; toGridId: string; reason: string } }, ctx: Context) => move(ctx, args.input);
