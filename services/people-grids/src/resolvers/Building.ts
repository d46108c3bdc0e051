import { documentId as id } from '@jwh/platform';
import type { BuildingResolvers } from '../__generated__/resolvers-types.js';

export const Building: BuildingResolvers = {
  id,
  lat: (b) => b.lat ?? null,
  lng: (b) => b.lng ?? null,
  householdCount: (b) => b.householdCount ?? 0,
  grid: (b, _, ctx) => (b.gridId ? ctx.loaders.grid.load(String(b.gridId)) : null),
};
