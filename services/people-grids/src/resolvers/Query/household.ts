import type { Context } from '../../context.js';

export const household = (_: unknown, args: { id: string }, ctx: Context) => ctx.scoped.household().load(args.id);
