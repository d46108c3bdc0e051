import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as canvassService from '../../services/canvass.service.js';

export const canvass: NonNullable<QueryResolvers['canvass']> = (_, args, ctx) => canvassService.findCanvass(ctx, args.id);
