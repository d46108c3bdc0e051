import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as scheduleService from '../../services/schedule.service.js';

export const publishSchedule: NonNullable<MutationResolvers['publishSchedule']> = (_, args, ctx) =>
  scheduleService.publishSchedule(ctx, args.input);
