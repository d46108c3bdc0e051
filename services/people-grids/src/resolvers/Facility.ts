import { documentId as id, loadExisting } from '@jwh/platform';
import type { FacilityResolvers } from '../__generated__/resolvers-types.js';
import { sortWorkItems } from '../services/facility.service.js';

export const Facility: FacilityResolvers = {
  id,
  grid: (f, _, ctx) => (f.gridId ? ctx.loaders.grid.load(String(f.gridId)) : null),
  community: (f, _, ctx) => loadExisting(ctx.loaders.community, f.communityId, 'community'),
  caretaker: (f, _, ctx) => (f.caretakerStaffId ? ctx.loaders.staffMember.load(String(f.caretakerStaffId)) : null),
  retired: (f) => f.retired ?? false,
  inspections: (f, _, ctx) => ctx.loaders.inspectionsByFacility.load(String(f._id)),
  workItems: async (f, _, ctx) => sortWorkItems(await ctx.loaders.workItemsByFacility.load(String(f._id))),
};
