import { querySubgraph, signIdentity, type Viewer } from '@jwh/shared';
import { randomUUID } from 'node:crypto';

export interface GraphUrls {
  peopleGrids: string;
  serviceMatters: string;
}

/**
 * Reads other subgraphs. With a caller (a request), it passes the caller's own identity, so the
 * other subgraph applies the caller's scope. Background jobs (draws, audits) act as
 * `svc:evaluations`, a street admin limited to the communities of the wave or audit at hand,
 * signed afresh for every call (identities live 60 s).
 */
export class GraphClient {
  constructor(
    readonly urls: GraphUrls,
    private readonly secret: string,
  ) {}

  async asService<T>(
    url: string,
    communityIds: string[],
    query: string,
    variables: Record<string, unknown>,
    requestId: string = randomUUID(),
  ): Promise<T> {
    const viewer: Viewer = { sub: 'svc:evaluations', role: 'STREET_ADMIN', communityIds, gridIds: [] };
    return querySubgraph<T>(url, query, variables, await signIdentity(viewer, this.secret), requestId, 60_000);
  }

  /** Streams every node of a connection field, page by page (200 a page). */
  async *pages<N>(
    url: string,
    communityIds: string[],
    query: string,
    field: string,
    variables: Record<string, unknown>,
  ): AsyncGenerator<N> {
    let after: string | null = null;
    for (;;) {
      const data: Record<string, { nodes: N[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }> = await this.asService(
        url,
        communityIds,
        query,
        { ...variables, first: 200, after },
      );
      const page = data[field]!;
      yield* page.nodes;
      if (!page.pageInfo.hasNextPage) return;
      after = page.pageInfo.endCursor;
    }
  }
}
