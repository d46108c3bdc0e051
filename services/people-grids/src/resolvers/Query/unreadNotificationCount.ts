import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as notificationService from '../../services/notification.service.js';

export const unreadNotificationCount: NonNullable<QueryResolvers['unreadNotificationCount']> = (_, __, ctx) =>
  notificationService.unreadCount(ctx);
