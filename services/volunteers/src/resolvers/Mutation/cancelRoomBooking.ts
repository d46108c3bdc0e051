import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as roomService from '../../services/room.service.js';

export const cancelRoomBooking: NonNullable<MutationResolvers['cancelRoomBooking']> = (_, args, ctx) =>
  roomService.cancelBooking(ctx, args.id);
