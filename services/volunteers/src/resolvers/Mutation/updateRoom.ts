import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as roomService from '../../services/room.service.js';

export const updateRoom: NonNullable<MutationResolvers['updateRoom']> = (_, args, ctx) => roomService.updateRoom(ctx, args.input);
