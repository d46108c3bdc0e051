import type { Logger } from '@jwh/platform';
import { CanvassResidentsPageDocument } from '../__generated__/operations.js';
import type { GraphClient } from '../services/graph.js';
import { setHouseholdsInScope, type TallyDeps } from '../services/canvass-tally.js';

/**
 * Counts the households of a buildings canvass per small grid, streaming the community's residents
 * as a wave's draw does (people-grids keeps no count per building). Households without residents
 * are not counted. Safe to re-run: it sets the counts, it does not add to them.
 */
export async function runCanvassScope(deps: TallyDeps & { graph: GraphClient; logger: Logger }, canvassId: string) {
  const canvass = await deps.models.Canvass.findById(canvassId).lean().exec();
  if (!canvass) throw new Error(`canvass ${canvassId} not found`);
  if (canvass.scopeCounted) return { canvassId, households: null };
  const communityId = String(canvass.communityId);
  const buildings = new Set(canvass.scope.buildings);
  const gridOf = new Map<string, string | null>();
  for await (const r of deps.graph.pages(deps.graph.urls.peopleGrids, [communityId], CanvassResidentsPageDocument, 'residents', {
    filter: { communityId },
  })) {
    if (buildings.has(r.household.building ?? '')) gridOf.set(r.household.id, r.household.grid?.id ?? null);
  }
  const perGrid = new Map<string | null, number>();
  for (const gridId of gridOf.values()) perGrid.set(gridId, (perGrid.get(gridId) ?? 0) + 1);
  await setHouseholdsInScope(deps, canvass._id, perGrid);
  deps.logger.info({ canvassId, households: gridOf.size, grids: perGrid.size }, 'canvass scope counted');
  return { canvassId, households: gridOf.size };
}
