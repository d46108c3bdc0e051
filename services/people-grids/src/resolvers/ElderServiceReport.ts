import type { ElderServiceCountResolvers, ElderServiceReportResolvers } from '../__generated__/resolvers-types.js';
import { occasionView, owedResidents } from '../services/elder-service.service.js';

export const ElderServiceReport: ElderServiceReportResolvers = {
  occasion: (r) => occasionView(r.occasion),
  owedResidents: (r, args, ctx) => owedResidents(ctx, r, args.gridId),
};

export const ElderServiceCount: ElderServiceCountResolvers = {
  grid: (c, _, ctx) => (c.gridId ? ctx.loaders.grid.load(c.gridId) : null),
};
