import type { Context } from '../../context.js';

export const community = (_: unknown, args: { id: string }, ctx: Context) => ctx.scoped.community().load(args.id);
