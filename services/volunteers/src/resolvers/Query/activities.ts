import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as activityService from '../../services/activity.service.js';

export const activities: NonNullable<QueryResolvers['activities']> = (_, args, ctx) => activityService.activities(ctx, args.communityId);
