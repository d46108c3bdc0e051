import type { PageArgs } from '@jwh/platform';
import type { Context } from '../../context.js';
import { listPiiAccess } from '../../services/pii-access.service.js';

export const piiAccessLog = (_: unknown, args: PageArgs & { residentId?: string | null }, ctx: Context) => listPiiAccess(ctx, args);
