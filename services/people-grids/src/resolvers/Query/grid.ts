import type { Context } from '../../context.js';

export const grid = (_: unknown, args: { id: string }, ctx: Context) => ctx.scoped.grid().load(args.id);
