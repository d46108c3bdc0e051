import { BadUserInputError, isObjectId } from '@jwh/shared';
import type { Context } from '../../context.js';

export const staffMembers = (_: unknown, args: { communityId: string }, ctx: Context) => {
  if (!isObjectId(args.communityId)) throw new BadUserInputError('communityId', '无效的编号 (invalid id)');
  return ctx.models.StaffMember.find({ communityId: args.communityId }).sort({ role: 1, name: 1 }).lean().exec();
};
