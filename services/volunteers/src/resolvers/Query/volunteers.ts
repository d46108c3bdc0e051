import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as volunteerService from '../../services/volunteer.service.js';

export const volunteers: NonNullable<QueryResolvers['volunteers']> = (_, args, ctx) => volunteerService.listVolunteers(ctx, args);
