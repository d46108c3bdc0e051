import type { Context } from '../../context.js';
import { advanceServiceRequest as advance, type AdvanceInput } from '../../services/request.service.js';

export const advanceServiceRequest = (_: unknown, args: { input: AdvanceInput }, ctx: Context) => advance(ctx, args.input);
