import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as roomService from '../../services/room.service.js';

export const bookRoom: NonNullable<MutationResolvers['bookRoom']> = (_, args, ctx) => roomService.bookRoom(ctx, args.input);
