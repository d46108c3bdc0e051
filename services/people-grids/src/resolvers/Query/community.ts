import type { QueryResolvers } from '../../__generated__/resolvers-types.js';

export const community: NonNullable<QueryResolvers['community']> = (_, args, ctx) => ctx.scoped.community().load(args.id);
