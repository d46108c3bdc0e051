import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as staffAdmin from '../../services/staff-admin.service.js';

export const updateStaffMember: NonNullable<MutationResolvers['updateStaffMember']> = (_, args, ctx) =>
  staffAdmin.updateStaffMember(ctx, args.input);
