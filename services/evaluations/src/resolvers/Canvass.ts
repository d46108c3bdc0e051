import { documentId as id, entityRef as ref, maybeEntityRef } from '@jwh/platform';
import type { CanvassAnswerResolvers, CanvassResolvers } from '../__generated__/resolvers-types.js';
import * as canvassService from '../services/canvass.service.js';

const withGrid = <T extends { gridId: unknown }>(row: T) => ({ ...row, grid: maybeEntityRef(row.gridId) });

export const Canvass: CanvassResolvers = {
  id,
  scope: (c) => ({
    level: c.scope.level as never,
    community: ref(c.communityId),
    gridIds: c.scope.gridIds.map(String),
    buildings: c.scope.buildings,
  }),
  status: (c) => canvassService.canvassStatus(c) as never,
  progress: async (c, _, ctx) => {
    const p = await canvassService.canvassProgress(ctx, c);
    return { ...p, grids: p.grids.map(withGrid) };
  },
  results: async (c, _, ctx) => {
    const r = await canvassService.canvassResults(ctx, c);
    return { ...r, grids: r.grids.map(withGrid) };
  },
};

export const CanvassAnswer: CanvassAnswerResolvers = {
  id,
  canvass: (a, _, ctx) => canvassService.canvassOfAnswer(ctx, a),
  household: (a) => ref(a.householdId),
  grid: (a) => maybeEntityRef(a.gridId),
  answers: (a) => a.answers.map((x) => ({ ...x, value: null })),
  enteredAt: (a) => a.createdAt,
};
