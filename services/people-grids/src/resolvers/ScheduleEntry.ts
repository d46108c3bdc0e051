import { documentId as id, loadExisting } from '@jwh/platform';
import type { ScheduleEntryResolvers } from '../__generated__/resolvers-types.js';

export const ScheduleEntry: ScheduleEntryResolvers = {
  id,
  staff: (d, _, ctx) => loadExisting(ctx.loaders.staffMember, d.staffId, 'staff member'),
};
