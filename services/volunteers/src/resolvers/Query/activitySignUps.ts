import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as activityService from '../../services/activity.service.js';

export const activitySignUps: NonNullable<QueryResolvers['activitySignUps']> = (_, args, ctx) =>
  activityService.activitySignUps(ctx, args.activityId, args);
