import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as directoryService from '../../services/directory.service.js';

export const organizations: NonNullable<QueryResolvers['organizations']> = (_, args, ctx) => directoryService.organizations(ctx, args);
