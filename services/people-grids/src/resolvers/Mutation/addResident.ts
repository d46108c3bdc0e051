import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as residentAdmin from '../../services/resident-admin.service.js';

export const addResident: NonNullable<MutationResolvers['addResident']> = (_, args, ctx) => residentAdmin.addResident(ctx, args.input);
