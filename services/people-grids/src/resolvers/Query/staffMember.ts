import type { QueryResolvers } from '../../__generated__/resolvers-types.js';

export const staffMember: NonNullable<QueryResolvers['staffMember']> = (_, args, ctx) => ctx.scoped.staffMember().load(args.id);
