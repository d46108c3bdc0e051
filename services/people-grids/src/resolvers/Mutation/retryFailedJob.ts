import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as notificationService from '../../services/notification.service.js';

export const retryFailedJob: NonNullable<MutationResolvers['retryFailedJob']> = (_, args, ctx) => notificationService.retryJob(ctx, args);
