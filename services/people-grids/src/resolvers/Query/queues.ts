import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as notificationService from '../../services/notification.service.js';

export const queues: NonNullable<QueryResolvers['queues']> = (_, __, ctx) => notificationService.allQueueCounts(ctx);
