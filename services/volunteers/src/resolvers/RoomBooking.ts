import { documentId as id } from '@jwh/platform';
import type { RoomBookingResolvers } from '../__generated__/resolvers-types.js';
import { activity } from '../services/activity.service.js';

export const RoomBooking: RoomBookingResolvers = {
  id,
  activity: (b, _, ctx) => (b.activityId ? activity(ctx, String(b.activityId)) : null),
};
