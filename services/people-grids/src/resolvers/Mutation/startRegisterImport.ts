import type { Context } from '../../context.js';
import { startRegisterImport as start } from '../../services/import-job.service.js';

export const startRegisterImport = (_: unknown, args: { uploadId: string; communityId: string }, ctx: Context) => start(ctx, args);
