import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as communityService from '../../services/community.service.js';

export const createCommunity: NonNullable<MutationResolvers['createCommunity']> = (_, args, ctx) =>
  communityService.createCommunity(ctx, args.input);
