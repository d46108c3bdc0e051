import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as notificationService from '../../services/notification.service.js';

export const resumeQueue: NonNullable<MutationResolvers['resumeQueue']> = (_, args, ctx) =>
  notificationService.pause(ctx, args.queue, false);
