import type { Context } from '../../context.js';
import { recordVisit as record, type RecordVisitInput } from '../../services/visit.service.js';

export const recordVisit = (_: unknown, args: { input: RecordVisitInput }, ctx: Context) => record(ctx, args.input);
