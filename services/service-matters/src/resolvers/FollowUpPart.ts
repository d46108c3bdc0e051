import type { FollowUpPartResolvers } from '../__generated__/resolvers-types.js';
import { staffRef } from '../services/actor.js';

export const FollowUpPart: FollowUpPartResolvers = {
  doneByStaff: (p) => staffRef(p.doneByStaffId),
};
