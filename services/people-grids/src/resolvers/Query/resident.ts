import type { Context } from '../../context.js';

export const resident = (_: unknown, args: { id: string }, ctx: Context) => ctx.scoped.resident().load(args.id);
