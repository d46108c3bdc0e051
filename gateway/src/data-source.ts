import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { AppError, DEADLINE_HEADER, ErrorCode, ForbiddenError, IDENTITY_HEADER, REQUEST_ID_HEADER, UnauthenticatedError, scrubPii, signIdentity, type IdentitySigner } from '@jwh/platform';
import type { GatewayContext } from './context.js';

type Fetcher = NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher'];

/**
 * A subgraph call with a deadline (@apollo/gateway sets none), the caller's Authorization and
 * request id forwarded, and failures turned into an error that names the subgraph but never its
 * URL or the underlying message (both are logged).
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly subgraphName: string,
    url: string,
    private readonly timeoutMs: number,
    private readonly signer: IdentitySigner,
  ) {
    const fetcher = ((input: string, init: RequestInit) =>
      fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher;
    super({ url, fetcher });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    if (!request.http || !context.requestId) return;
    request.http.headers.set(REQUEST_ID_HEADER, context.requestId);
    // The subgraph stops its database work when this call would time out here.
    request.http.headers.set(DEADLINE_HEADER, String(this.timeoutMs));
    // A fresh identity for this one call: this subgraph, this request, once (the client's token stays here).
    if (context.viewer)
      request.http.headers.set(IDENTITY_HEADER, await signIdentity(context.viewer, this.signer, this.subgraphName, context.requestId));
  }

  override didEncounterError(error: Error, _req: unknown, response?: { status: number }, context?: GatewayContext): never {
    context?.logger?.warn(
      { subgraph: this.subgraphName, status: response?.status, error: scrubPii(`${error.name}: ${error.message}`) },
      'subgraph call failed',
    );
    if (response?.status === 401) throw new UnauthenticatedError();
    if (response?.status === 403) throw new ForbiddenError();
    const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
    throw new AppError(
      `子图 ${this.subgraphName} ${timedOut ? '响应超时' : '不可用'} (subgraph "${this.subgraphName}" ${timedOut ? 'timed out' : 'unavailable'})`,
      ErrorCode.SUBGRAPH_UNAVAILABLE,
      { serviceName: this.subgraphName },
    );
  }
}
