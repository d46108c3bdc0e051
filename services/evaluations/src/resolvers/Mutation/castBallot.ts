import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as voteService from '../../services/vote.service.js';

export const castBallot: NonNullable<MutationResolvers['castBallot']> = (_, args, ctx) => voteService.castBallot(ctx, args.input);
