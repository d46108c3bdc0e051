import { querySubgraph, serviceViewer, signIdentity, type IdentitySigner } from '@jwh/platform';
import { randomUUID } from 'node:crypto';

export interface GraphUrls {
  peopleGrids: string;
  serviceMatters: string;
}

/**
 * Reads other subgraphs as this service, with its own key. Within a request the context signs the
 * service narrowed to its caller (`ctx.identity`); background jobs (draws, audits) and reads the
 * caller may not make itself act as `svc:evaluations` over the communities of the wave or audit at
 * hand, signed afresh for every call. The other subgraphs grant this service the root fields it
 * reads, nothing else, and no unmasked personal data.
 */
export class GraphClient {
  constructor(
    readonly urls: GraphUrls,
    private readonly signer: IdentitySigner | null,
  ) {}

  /** The subgraph name (the identity's audience) of one of `urls`. */
  private audienceOf(url: string): string {
    if (url === this.urls.peopleGrids) return 'people-grids';
    if (url === this.urls.serviceMatters) return 'service-matters';
    throw new Error(`no subgraph at ${url}`);
  }

  async asService<T>(
    url: string,
    communityIds: string[],
    query: string,
    variables: Record<string, unknown>,
    requestId: string = randomUUID(),
  ): Promise<T> {
    if (!this.signer) throw new Error('evaluations has no IDENTITY_SIGNING_KEY to read other subgraphs with');
    const identity = signIdentity(serviceViewer('evaluations', null, communityIds), this.signer, this.audienceOf(url), requestId);
    return querySubgraph<T>(url, query, variables, identity, requestId, 60_000);
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
