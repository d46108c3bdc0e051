import type { Context } from '../../context.js';

export const communities = (_: unknown, __: unknown, ctx: Context) => ctx.models.Community.find().sort({ name: 1 }).lean().exec();
