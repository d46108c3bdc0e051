import { allOf, BadUserInputError, isObjectId, rowScope } from '@jwh/platform';
import type { Context } from '../../context.js';
import { inCommunityScope } from '../../policy.js';

export const staffMembers = (_: unknown, args: { communityId: string }, ctx: Context) => {
  if (!isObjectId(args.communityId)) throw new BadUserInputError('communityId', '无效的编号 (invalid id)');
  return ctx.models.StaffMember.find(allOf(rowScope(ctx.viewer, inCommunityScope), { communityId: args.communityId }))
    .sort({ role: 1, name: 1 })
    .lean()
    .exec();
};
