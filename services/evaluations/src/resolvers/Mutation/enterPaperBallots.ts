import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as paperBallotService from '../../services/paper-ballot.service.js';

export const enterPaperBallots: NonNullable<MutationResolvers['enterPaperBallots']> = (_, args, ctx) =>
  paperBallotService.enterPaperBallots(ctx, args.input);
