import type { PageArgs } from '@jwh/platform';
import type { Context } from '../../context.js';
import { listVisits, type VisitFilter } from '../../services/visit.service.js';

export const visits = (_: unknown, args: PageArgs & { filter: VisitFilter }, ctx: Context) => listVisits(ctx, args.filter, args);
