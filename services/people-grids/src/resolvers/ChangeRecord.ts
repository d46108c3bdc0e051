import { documentId as id } from '@jwh/platform';
import type { ChangeRecordResolvers } from '../__generated__/resolvers-types.js';

export const ChangeRecord: ChangeRecordResolvers = {
  id,
  actorStaff: (r, _, ctx) => (r.actorStaffId ? ctx.loaders.staffMember.load(r.actorStaffId) : null),
};
