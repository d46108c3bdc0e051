import { documentId as id } from '@jwh/platform';
import type { NotificationResolvers } from '../__generated__/resolvers-types.js';
import { notificationDeliveries } from '../services/notification.service.js';

export const Notification: NotificationResolvers = {
  id,
  read: (d) => Boolean(d.readAt),
  deliveries: (d) => notificationDeliveries(d),
};
