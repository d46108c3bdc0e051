import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as notificationService from '../../services/notification.service.js';

export const pauseQueue: NonNullable<MutationResolvers['pauseQueue']> = (_, args, ctx) => notificationService.pause(ctx, args.queue, true);
