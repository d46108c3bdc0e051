import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as voteService from '../../services/vote.service.js';

export const openRepresentativeMeeting: NonNullable<MutationResolvers['openRepresentativeMeeting']> = (_, args, ctx) =>
  voteService.openRepresentativeMeeting(ctx, args.input);
