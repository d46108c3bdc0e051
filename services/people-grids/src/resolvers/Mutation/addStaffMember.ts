import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as staffAdmin from '../../services/staff-admin.service.js';

export const addStaffMember: NonNullable<MutationResolvers['addStaffMember']> = (_, args, ctx) =>
  staffAdmin.addStaffMember(ctx, args.input);
