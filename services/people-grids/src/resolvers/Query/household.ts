import type { Context } from '../../context.js';

export const household = (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.household.load(args.id);
