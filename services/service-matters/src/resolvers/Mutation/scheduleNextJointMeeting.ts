import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as suggestionService from '../../services/suggestion.service.js';

export const scheduleNextJointMeeting: NonNullable<MutationResolvers['scheduleNextJointMeeting']> = (_, args, ctx) =>
  suggestionService.scheduleNextJointMeeting(ctx, args.meetingId, args.date);
