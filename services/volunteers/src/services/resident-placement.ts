import { querySubgraph } from '@jwh/platform';
import type { Context } from '../context.js';
import { ResidentPlacementDocument, type PlacementFragment } from '../__generated__/operations.js';

/** Where a resident lives, as people-grids knows it: the row-scope keys stored with the resident's data here. */
export interface ResidentPlacement {
  communityId: string;
  gridId: string | null;
  householdId: string;
}

/** A placement from a resident read with the `Placement` fragment (src/operations/people-grids.graphql). */
export const placementOf = (r: PlacementFragment): ResidentPlacement => ({
  communityId: r.household.community.id,
  gridId: r.household.grid?.id ?? null,
  householdId: r.household.id,
});

/**
 * A resident's placement, read from people-grids with the caller's own identity: null when the
 * resident does not exist or is outside the caller's scope (people-grids decides, as for any read).
 */
export async function residentPlacement(ctx: Context, residentId: string): Promise<ResidentPlacement | null> {
  const { resident } = await querySubgraph(
    ctx.peopleGridsUrl,
    ResidentPlacementDocument,
    { id: residentId },
    ctx.identity('people-grids'),
    ctx.requestId,
  );
  return resident ? placementOf(resident) : null;
}
