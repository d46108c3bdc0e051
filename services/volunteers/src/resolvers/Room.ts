import { documentId as id } from '@jwh/platform';
import type { RoomResolvers } from '../__generated__/resolvers-types.js';
import { roomBookings } from '../services/room.service.js';

export const Room: RoomResolvers = {
  id,
  status: (r) => r.status ?? 'ACTIVE',
  bookings: (r, args, ctx) => roomBookings(ctx, r, args.date),
};
