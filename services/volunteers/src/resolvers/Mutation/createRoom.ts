import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as roomService from '../../services/room.service.js';

export const createRoom: NonNullable<MutationResolvers['createRoom']> = (_, args, ctx) => roomService.createRoom(ctx, args.input);
