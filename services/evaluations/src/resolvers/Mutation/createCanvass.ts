import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as canvassService from '../../services/canvass.service.js';

export const createCanvass: NonNullable<MutationResolvers['createCanvass']> = (_, args, ctx) =>
  canvassService.createCanvass(ctx, args.input);
