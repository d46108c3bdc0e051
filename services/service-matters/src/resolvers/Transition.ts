import type { TransitionResolvers } from '../__generated__/resolvers-types.js';
import { actorName, staffRef } from '../services/actor.js';

export const Transition: TransitionResolvers = {
  byStaff: (t) => staffRef(t.byStaffId),
  byName: (t) => actorName(t),
};
