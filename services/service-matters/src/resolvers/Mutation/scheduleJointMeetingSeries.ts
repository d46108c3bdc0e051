import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as suggestionService from '../../services/suggestion.service.js';

export const scheduleJointMeetingSeries: NonNullable<MutationResolvers['scheduleJointMeetingSeries']> = (_, args, ctx) =>
  suggestionService.scheduleJointMeetingSeries(ctx, args.meetingId, args.count);
