import type { PageArgs } from '@jwh/platform';
import type { Context } from '../../context.js';
import { listServiceRequests, type RequestFilter } from '../../services/request.service.js';

export const serviceRequests = (_: unknown, args: PageArgs & { filter?: RequestFilter | null }, ctx: Context) => listServiceRequests(ctx, args.filter ?? {}, args);
