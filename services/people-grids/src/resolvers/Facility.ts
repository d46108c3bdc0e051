import { documentId as id } from '@jwh/platform';
import type { FacilityResolvers } from '../__generated__/resolvers-types.js';

export const Facility: FacilityResolvers = {
  id,
  grid: (f, _, ctx) => (f.gridId ? ctx.loaders.grid.load(String(f.gridId)) : null),
};
