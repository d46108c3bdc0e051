import type { Context } from '../../context.js';
import { createServiceRequest as create, type CreateRequestInput } from '../../services/request.service.js';

export const createServiceRequest = (_: unknown, args: { input: CreateRequestInput }, ctx: Context) => create(ctx, args.input);
