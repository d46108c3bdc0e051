import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as directoryService from '../../services/directory.service.js';

export const purchasedServiceProjects: NonNullable<QueryResolvers['purchasedServiceProjects']> = (_, args, ctx) =>
  directoryService.projects(ctx, args.status);
