import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as communityService from '../../services/community.service.js';

export const communities: NonNullable<QueryResolvers['communities']> = (_, __, ctx) => communityService.listCommunities(ctx);
