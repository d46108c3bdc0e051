import { documentId as id, loadExisting } from '@jwh/platform';
import type { DutyShiftResolvers } from '../__generated__/resolvers-types.js';

export const DutyShift: DutyShiftResolvers = {
  id,
  staff: (d, _, ctx) => loadExisting(ctx.loaders.staffMember, d.staffId, 'staff member'),
};
