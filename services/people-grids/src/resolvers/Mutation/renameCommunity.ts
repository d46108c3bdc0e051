import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as communityService from '../../services/community.service.js';

export const renameCommunity: NonNullable<MutationResolvers['renameCommunity']> = (_, args, ctx) =>
  communityService.renameCommunity(ctx, args.id, args.name);
