import type { Context } from '../../context.js';
import { inspectFacility as inspect } from '../../services/roster.service.js';

export const inspectFacility = (_: unknown, args: { input: { facilityId: string; status: string } }, ctx: Context) => inspect(ctx, args.input);
