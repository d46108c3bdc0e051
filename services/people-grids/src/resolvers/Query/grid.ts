import type { QueryResolvers } from '../../__generated__/resolvers-types.js';

export const grid: NonNullable<QueryResolvers['grid']> = (_, args, ctx) => ctx.scoped.grid().load(args.id);
