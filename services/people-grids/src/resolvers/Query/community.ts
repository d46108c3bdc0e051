import type { Context } from '../../context.js';

export const community = (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.community.load(args.id);
