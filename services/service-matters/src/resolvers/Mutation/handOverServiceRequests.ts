import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as handover from '../../services/request-handover.service.js';

export const handOverServiceRequests: NonNullable<MutationResolvers['handOverServiceRequests']> = (_, args, ctx) =>
  handover.handOverServiceRequests(ctx, args.input);
