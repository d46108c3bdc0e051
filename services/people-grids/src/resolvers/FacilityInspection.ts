import { documentId as id, loadExisting } from '@jwh/platform';
import type { FacilityInspectionResolvers } from '../__generated__/resolvers-types.js';

export const FacilityInspection: FacilityInspectionResolvers = {
  id,
  facility: (i, _, ctx) => loadExisting(ctx.loaders.facility, i.facilityId, 'facility'),
  staff: (i, _, ctx) => (i.staffId ? ctx.loaders.staffMember.load(String(i.staffId)) : null),
  photoUploadId: (i) => (i.photoUploadId ? String(i.photoUploadId) : null),
  workItem: (i, _, ctx) => (i.workItemId ? ctx.loaders.workItem.load(String(i.workItemId)) : null),
};
