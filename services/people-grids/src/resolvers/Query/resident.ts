import type { Context } from '../../context.js';

export const resident = (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.resident.load(args.id);
