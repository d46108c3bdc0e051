import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as rosterService from '../../services/roster.service.js';

export const removePublicPost: NonNullable<MutationResolvers['removePublicPost']> = (_, args, ctx) =>
  rosterService.removePublicPost(ctx, args.id, args.reason);
