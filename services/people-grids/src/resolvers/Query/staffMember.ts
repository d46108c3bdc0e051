import type { Context } from '../../context.js';

export const staffMember = (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.staffMember.load(args.id);
