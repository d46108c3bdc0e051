import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as piiAccessService from '../../services/pii-access.service.js';

export const piiAccessLog: NonNullable<QueryResolvers['piiAccessLog']> = (_, args, ctx) => piiAccessService.listPiiAccess(ctx, args);
