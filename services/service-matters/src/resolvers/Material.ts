import type { MaterialResolvers } from '../__generated__/resolvers-types.js';
import { staffRef } from '../services/actor.js';

export const Material: MaterialResolvers = {
  collected: (m) => Boolean(m.collected),
  collectedByStaff: (m) => staffRef(m.collectedByStaffId),
};
