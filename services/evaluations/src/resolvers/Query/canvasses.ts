import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as canvassService from '../../services/canvass.service.js';

export const canvasses: NonNullable<QueryResolvers['canvasses']> = (_, args, ctx) => canvassService.listCanvasses(ctx, args.communityId);
