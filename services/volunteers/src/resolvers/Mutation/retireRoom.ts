import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as roomService from '../../services/room.service.js';

export const retireRoom: NonNullable<MutationResolvers['retireRoom']> = (_, args, ctx) => roomService.retireRoom(ctx, args.id, args.reason);
