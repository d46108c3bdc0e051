import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as canvassService from '../../services/canvass.service.js';

export const closeCanvass: NonNullable<MutationResolvers['closeCanvass']> = (_, args, ctx) => canvassService.closeCanvass(ctx, args.id);
