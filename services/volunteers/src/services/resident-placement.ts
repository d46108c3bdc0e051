import { querySubgraph } from '@jwh/platform';
import type { Context } from '../context.js';

/** Where a resident lives, as people-grids knows it: the row-scope keys stored with the resident's data here. */
export interface ResidentPlacement {
  communityId: string;
  gridId: string | null;
  householdId: string;
}

/** The GraphQL selection of a resident's placement (people-grids' `Resident`). */
export const PLACEMENT_FIELDS = 'household { id community { id } grid { id } }';

/** A resident read with `PLACEMENT_FIELDS`. */
export interface PlacedResident {
  household: { id: string; community: { id: string }; grid: { id: string } | null };
}

/** A placement from a resident read with `PLACEMENT_FIELDS`. */
export const placementOf = (r: PlacedResident): ResidentPlacement => ({
  communityId: r.household.community.id,
  gridId: r.household.grid?.id ?? null,
  householdId: r.household.id,
});

/**
 * A resident's placement, read from people-grids with the caller's own identity: null when the
 * resident does not exist or is outside the caller's scope (people-grids decides, as for any read).
 */
export async function residentPlacement(ctx: Context, residentId: string): Promise<ResidentPlacement | null> {
  const { resident } = await querySubgraph<{ resident: PlacedResident | null }>(
    ctx.peopleGridsUrl,
    `query ($id: ID!) { resident(id: $id) { id ${PLACEMENT_FIELDS} } }`,
    { id: residentId },
    ctx.identity('people-grids'),
    ctx.requestId,
  );
  return resident ? placementOf(resident) : null;
}
