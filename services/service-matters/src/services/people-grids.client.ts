import { querySubgraph } from '@jwh/platform';

/** A resident as service matters needs it for a new request. */
export interface ResidentForRequest {
  id: string;
  age: number;
  hukou: 'LOCAL' | 'NON_LOCAL';
  tags: string[];
  household: { community: { id: string }; grid: { id: string } | null };
}

/**
 * Reads a resident from people-grids with the caller's own identity: people-grids applies the
 * caller's scope, so a grid worker gets null for a resident of another grid.
 */
export async function residentForRequest(
  peopleGridsUrl: string,
  residentId: string,
  identity: Promise<string>,
  requestId: string,
): Promise<ResidentForRequest | null> {
  const data = await querySubgraph<{ resident: ResidentForRequest | null }>(
    peopleGridsUrl,
    `query ($id: ID!) { resident(id: $id) { id age hukou tags household { community { id } grid { id } } } }`,
    { id: residentId },
    identity,
    requestId,
  );
  return data.resident;
}
