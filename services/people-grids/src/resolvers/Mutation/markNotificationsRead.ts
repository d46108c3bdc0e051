import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as notificationService from '../../services/notification.service.js';

export const markNotificationsRead: NonNullable<MutationResolvers['markNotificationsRead']> = (_, args, ctx) =>
  notificationService.markRead(ctx, args.ids);
