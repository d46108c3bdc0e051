import type { QueryResolvers } from '../../__generated__/resolvers-types.js';

export const resident: NonNullable<QueryResolvers['resident']> = (_, args, ctx) => ctx.scoped.resident().load(args.id);
