import type { Context } from '../../context.js';

export const serviceTypes = (_: unknown, __: unknown, ctx: Context) => ctx.models.ServiceType.find().sort({ code: 1 }).lean().exec();
