import { querySubgraph, serviceViewer, signIdentity, type IdentitySigner } from '@jwh/platform';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
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

  /** One query as this service over `communityIds`, signed afresh. */
  async asService<T, V extends Record<string, unknown>>(
    url: string,
    communityIds: string[],
    query: TypedDocumentNode<T, V>,
    variables: V,
    requestId: string = randomUUID(),
  ): Promise<T> {
    if (!this.signer) throw new Error('evaluations has no IDENTITY_SIGNING_KEY to read other subgraphs with');
    const identity = signIdentity(serviceViewer('evaluations', null, communityIds), this.signer, this.audienceOf(url), requestId);
    return querySubgraph(url, query, variables, identity, requestId, 60_000);
  }

  /** Streams every node of the connection field `field` of `query`, page by page (200 a page). */
  async *pages<T, V extends PageVariables, K extends keyof T>(
    url: string,
    communityIds: string[],
    query: TypedDocumentNode<T, V>,
    field: K,
    variables: Omit<V, keyof PageVariables>,
  ): AsyncGenerator<NodeOf<T[K]>> {
    let after: string | null = null;
    for (;;) {
      const data: T = await this.asService(url, communityIds, query, { ...variables, first: 200, after } as V);
      const page = data[field] as Page<NodeOf<T[K]>>;
      yield* page.nodes;
      if (!page.pageInfo.hasNextPage) return;
      after = page.pageInfo.endCursor;
    }
  }
}

interface PageVariables extends Record<string, unknown> {
  first?: number | null;
  after?: string | null;
}
interface Page<N> {
  nodes: N[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
/** The node type of a connection. */
type NodeOf<C> = C extends { nodes: Array<infer N> } ? N : never;
