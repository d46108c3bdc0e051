import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as auditService from '../../services/audit.service.js';

export const startAudit: NonNullable<MutationResolvers['startAudit']> = (_, args, ctx) => auditService.startAudit(ctx, args.input);
