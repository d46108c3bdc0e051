import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as residentService from '../../services/resident.service.js';

export const residents: NonNullable<QueryResolvers['residents']> = (_, args, ctx) => residentService.listResidents(ctx, args);
