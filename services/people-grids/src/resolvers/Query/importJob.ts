import type { Context } from '../../context.js';
import { findImportJob } from '../../services/import-job.service.js';

export const importJob = (_: unknown, args: { id: string }, ctx: Context) => findImportJob(ctx, args.id);
