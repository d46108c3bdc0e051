import { documentId as id } from '@jwh/platform';
import type { RoomBookingResolvers } from '../__generated__/resolvers-types.js';

export const RoomBooking: RoomBookingResolvers = { id };
