import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as auditService from '../../services/audit.service.js';

export const audits: NonNullable<QueryResolvers['audits']> = (_, args, ctx) => auditService.listAudits(ctx, args);
