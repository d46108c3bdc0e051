import { documentId as id } from '@jwh/platform';
import type { AgendaItemResolvers } from '../__generated__/resolvers-types.js';
import { ownerUnitIds, partsOf, unitName } from '../services/suggestion.service.js';

export const AgendaItem: AgendaItemResolvers = {
  id,
  // Within the viewer's suggestion scope: a partner unit or another resident sees the item, not the suggestion.
  ownerUnitIds: (i) => ownerUnitIds(i),
  parts: (i) => partsOf(i).map((p) => ({ ...p, unitName: i.meeting ? unitName(i.meeting, p.unitId) : p.unitId })),
  suggestion: (i, _, ctx) => (i.suggestionId ? ctx.loaders.suggestion.load(String(i.suggestionId)) : null),
};
