import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as importJobService from '../../services/import-job.service.js';

export const importJob: NonNullable<QueryResolvers['importJob']> = (_, args, ctx) => importJobService.findImportJob(ctx, args.id);
