import { byIdLoader, rowScope } from '@jwh/platform';
import type { Context } from '../../context.js';
import { requestScope } from '../../policy.js';

export const serviceRequest = (_: unknown, args: { id: string }, ctx: Context) =>
  byIdLoader(ctx.models.ServiceRequest, rowScope(ctx.viewer, requestScope)).load(args.id);
