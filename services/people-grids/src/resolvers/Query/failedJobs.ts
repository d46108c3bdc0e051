import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as notificationService from '../../services/notification.service.js';

export const failedJobs: NonNullable<QueryResolvers['failedJobs']> = (_, args, ctx) => notificationService.failedJobs(ctx, args);
