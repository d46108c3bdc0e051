import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as canvassService from '../../services/canvass.service.js';

export const answerCanvass: NonNullable<MutationResolvers['answerCanvass']> = (_, args, ctx) =>
  canvassService.answerCanvass(ctx, args.input);
