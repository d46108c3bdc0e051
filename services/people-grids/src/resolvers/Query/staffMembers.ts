import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as staffMemberService from '../../services/staff-member.service.js';

export const staffMembers: NonNullable<QueryResolvers['staffMembers']> = (_, args, ctx) =>
  staffMemberService.listStaffMembers(ctx, args.communityId);
