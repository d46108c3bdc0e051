import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as suggestionService from '../../services/suggestion.service.js';

export const scheduleJointMeeting: NonNullable<MutationResolvers['scheduleJointMeeting']> = (_, args, ctx) =>
  suggestionService.scheduleJointMeeting(ctx, args.input);
