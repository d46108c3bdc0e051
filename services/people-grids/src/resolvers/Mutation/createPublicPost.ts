import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as rosterService from '../../services/roster.service.js';

export const createPublicPost: NonNullable<MutationResolvers['createPublicPost']> = (_, args, ctx) =>
  rosterService.createPublicPost(ctx, args.input);
