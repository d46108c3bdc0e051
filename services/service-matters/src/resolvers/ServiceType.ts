import type { Context } from '../context.js';

export const ServiceType = {
  __resolveReference: (ref: { code: string }, ctx: Context) => ctx.loaders.serviceType.load(ref.code),
};
