import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as organizationService from '../../services/organization.service.js';

export const organization: NonNullable<QueryResolvers['organization']> = (_, args, ctx) => organizationService.organization(ctx, args.id);
