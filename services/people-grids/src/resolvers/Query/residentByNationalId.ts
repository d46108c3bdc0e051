import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as residentService from '../../services/resident.service.js';

export const residentByNationalId: NonNullable<QueryResolvers['residentByNationalId']> = (_, args, ctx) =>
  residentService.findByNationalId(ctx, args);
