import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as visitService from '../../services/visit.service.js';

export const recordVisit: NonNullable<MutationResolvers['recordVisit']> = (_, args, ctx) => visitService.recordVisit(ctx, args.input);
