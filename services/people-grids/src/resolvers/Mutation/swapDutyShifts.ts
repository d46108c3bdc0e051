import type { Context } from '../../context.js';
import { swapDutyShifts as swap } from '../../services/roster.service.js';

export const swapDutyShifts = (_: unknown, args: { input: { firstShiftId: string; secondShiftId: string } }, ctx: Context) => swap(ctx, args.input);
