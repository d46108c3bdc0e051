import { documentId as id, loadExisting } from '@jwh/platform';
import type { WorkItemResolvers } from '../__generated__/resolvers-types.js';
import { isOverdue } from '../services/facility.service.js';

export const WorkItem: WorkItemResolvers = {
  id,
  facility: (w, _, ctx) => loadExisting(ctx.loaders.facility, w.facilityId, 'facility'),
  inspection: (w, _, ctx) => (w.inspectionId ? ctx.loaders.inspection.load(String(w.inspectionId)) : null),
  owner: (w, _, ctx) => loadExisting(ctx.loaders.staffMember, w.ownerStaffId, 'staff member'),
  overdue: (w) => isOverdue(w),
};
