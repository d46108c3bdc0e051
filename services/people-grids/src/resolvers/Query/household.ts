import type { QueryResolvers } from '../../__generated__/resolvers-types.js';

export const household: NonNullable<QueryResolvers['household']> = (_, args, ctx) => ctx.scoped.household().load(args.id);
