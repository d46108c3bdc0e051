import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as voteService from '../../services/vote.service.js';

export const closeRepresentativeMeeting: NonNullable<MutationResolvers['closeRepresentativeMeeting']> = (_, args, ctx) =>
  voteService.closeRepresentativeMeeting(ctx, args.id);
