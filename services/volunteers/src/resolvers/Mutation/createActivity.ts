import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as activityService from '../../services/activity.service.js';

export const createActivity: NonNullable<MutationResolvers['createActivity']> = (_, args, ctx) =>
  activityService.createActivity(ctx, args.input);
