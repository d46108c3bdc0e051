import { querySubgraph } from '@jwh/platform';

/** A resident as service matters needs it for a new request. */
export interface ResidentForRequest {
  id: string;
  age: number;
  hukou: 'LOCAL' | 'NON_LOCAL';
  tags: string[];
  /** The community's street decides whose matter catalogue the request follows. */
  household: { community: { id: string; street: string }; grid: { id: string } | null };
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
    `query ($id: ID!) { resident(id: $id) { id age hukou tags household { community { id street } grid { id } } } }`,
    { id: residentId },
    identity,
    requestId,
  );
  return data.resident;
}

/** The street of a community the caller may see (null when it may not), read from people-grids with the caller's identity. */
export async function streetOfCommunity(
  peopleGridsUrl: string,
  communityId: string,
  identity: Promise<string>,
  requestId: string,
): Promise<string | null> {
  const data = await querySubgraph<{ community: { street: string } | null }>(
    peopleGridsUrl,
    `query ($id: ID!) { community(id: $id) { street } }`,
    { id: communityId },
    identity,
    requestId,
  );
  return data.community?.street ?? null;
}

/** A staff member as people-grids answers the caller (null when it is not in the caller's scope). */
export async function staffOfCommunity(
  peopleGridsUrl: string,
  staffId: string,
  identity: Promise<string>,
  requestId: string,
): Promise<{ id: string; leftAt: string | null; community: { id: string } } | null> {
  const data = await querySubgraph<{ staffMember: { id: string; leftAt: string | null; community: { id: string } } | null }>(
    peopleGridsUrl,
    `query ($id: ID!) { staffMember(id: $id) { id leftAt community { id } } }`,
    { id: staffId },
    identity,
    requestId,
  );
  return data.staffMember;
}
