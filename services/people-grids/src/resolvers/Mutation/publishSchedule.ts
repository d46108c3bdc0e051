import type { Context } from '../../context.js';
import { publishSchedule as publish } from '../../services/schedule.service.js';

export const publishSchedule = (_: unknown, args: { input: Parameters<typeof publish>[1] }, ctx: Context) => publish(ctx, args.input);
