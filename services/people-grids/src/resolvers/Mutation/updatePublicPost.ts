import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as rosterService from '../../services/roster.service.js';

export const updatePublicPost: NonNullable<MutationResolvers['updatePublicPost']> = (_, args, ctx) =>
  rosterService.updatePublicPost(ctx, args.input);
