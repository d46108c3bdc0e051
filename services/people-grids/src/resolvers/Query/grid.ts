import type { Context } from '../../context.js';

export const grid = (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.grid.load(args.id);
