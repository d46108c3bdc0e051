import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as notificationService from '../../services/notification.service.js';

export const myNotifications: NonNullable<QueryResolvers['myNotifications']> = (_, args, ctx) =>
  notificationService.myNotifications(ctx, args);
