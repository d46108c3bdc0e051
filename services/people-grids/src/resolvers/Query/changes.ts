import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as changeService from '../../services/change.service.js';

export const changes: NonNullable<QueryResolvers['changes']> = (_, args, ctx) => changeService.changes(ctx, args);
