import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as notificationService from '../../services/notification.service.js';

export const upcomingReminders: NonNullable<QueryResolvers['upcomingReminders']> = (_, args, ctx) =>
  notificationService.upcomingReminders(ctx, args.first);
