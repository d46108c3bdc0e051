import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as auditService from '../../services/audit.service.js';

export const recordAuditCheck: NonNullable<MutationResolvers['recordAuditCheck']> = (_, args, ctx) =>
  auditService.recordAuditCheck(ctx, args.input);
