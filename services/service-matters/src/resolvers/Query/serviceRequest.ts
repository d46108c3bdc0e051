import type { Context } from '../../context.js';

export const serviceRequest = (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.serviceRequest.load(args.id);
