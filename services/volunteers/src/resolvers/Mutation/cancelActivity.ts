import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as activityService from '../../services/activity.service.js';

export const cancelActivity: NonNullable<MutationResolvers['cancelActivity']> = (_, args, ctx) => activityService.cancelActivity(ctx, args);
