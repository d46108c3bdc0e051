import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as activityService from '../../services/activity.service.js';

export const checkIn: NonNullable<MutationResolvers['checkIn']> = (_, args, ctx) => activityService.checkIn(ctx, args.signUpId);
