import { IDENTITY_HEADER, REQUEST_ID_HEADER } from '@jwh/shared';

/** A resident as service matters needs it for a new request. */
export interface ResidentForRequest {
  id: string;
  age: number;
  hukou: 'LOCAL' | 'NON_LOCAL';
  tags: string[];
  household: { community: { id: string }; grid: { id: string } | null };
}

/**
 * Reads a resident from the people-grids subgraph with the caller's own signed identity, so
 * people-grids applies the caller's scope: a grid worker gets null for a resident of another grid.
 * Services meet in the graph; nothing is copied between databases.
 */
export async function residentForRequest(peopleGridsUrl: string, residentId: string, identity: string, requestId: string): Promise<ResidentForRequest | null> {
  const res = await fetch(peopleGridsUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity, [REQUEST_ID_HEADER]: requestId },
    body: JSON.stringify({
      query: `query ($id: ID!) { resident(id: $id) { id age hukou tags household { community { id } grid { id } } } }`,
      variables: { id: residentId },
    }),
    signal: AbortSignal.timeout(2_000),
  });
  if (!res.ok) throw new Error(`people-grids answered ${res.status}`);
  const body = (await res.json()) as { data?: { resident: ResidentForRequest | null }; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`people-grids: ${body.errors[0]!.message}`);
  return body.data?.resident ?? null;
}
