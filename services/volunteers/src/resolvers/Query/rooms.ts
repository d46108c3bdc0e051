import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as roomService from '../../services/room.service.js';

export const rooms: NonNullable<QueryResolvers['rooms']> = (_, args, ctx) => roomService.rooms(ctx, args.communityId);
