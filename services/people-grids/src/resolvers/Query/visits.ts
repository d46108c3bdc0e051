import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as visitService from '../../services/visit.service.js';

export const visits: NonNullable<QueryResolvers['visits']> = (_, args, ctx) => visitService.listVisits(ctx, args.filter, args);
