import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as auditService from '../../services/audit.service.js';

export const audit: NonNullable<QueryResolvers['audit']> = (_, args, ctx) => auditService.findAudit(ctx, args.id);
