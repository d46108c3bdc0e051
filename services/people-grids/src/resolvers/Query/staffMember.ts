import type { Context } from '../../context.js';

export const staffMember = (_: unknown, args: { id: string }, ctx: Context) => ctx.scoped.staffMember().load(args.id);
