import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as activityService from '../../services/activity.service.js';

export const activity: NonNullable<QueryResolvers['activity']> = (_, args, ctx) => activityService.activity(ctx, args.id);
