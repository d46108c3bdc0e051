import { documentId as id, loadExisting } from '@jwh/platform';
import type { SampleDrawResolvers } from '../__generated__/resolvers-types.js';
import { drawItems, drawProgress, drawStrata } from '../services/wave.service.js';

export const SampleDraw: SampleDrawResolvers = {
  id,
  wave: (d, _, ctx) => loadExisting(ctx.loaders.wave, d.waveId, 'survey wave'),
  progress: (d) => drawProgress(d),
  strata: (d, _, ctx) => drawStrata(ctx, d),
  items: (d, args, ctx) => drawItems(ctx, d._id, args),
};
