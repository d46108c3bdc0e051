import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as importJobService from '../../services/import-job.service.js';

export const startRegisterImport: NonNullable<MutationResolvers['startRegisterImport']> = (_, args, ctx) =>
  importJobService.startRegisterImport(ctx, args);
