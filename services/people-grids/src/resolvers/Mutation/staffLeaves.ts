import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as staffAdmin from '../../services/staff-admin.service.js';

export const staffLeaves: NonNullable<MutationResolvers['staffLeaves']> = (_, args, ctx) => staffAdmin.staffLeaves(ctx, args.input);
