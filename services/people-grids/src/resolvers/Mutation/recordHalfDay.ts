import type { Context } from '../../context.js';
import { recordHalfDay as record } from '../../services/half-day.service.js';

export const recordHalfDay = (_: unknown, args: { input: Parameters<typeof record>[1] }, ctx: Context) => record(ctx, args.input);
