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
    // A value the subgraph's scalars refuse (a DateTime that is none: HTTP 400, BAD_USER_INPUT) is the client's input, not an outage.
    const refused = response?.status === 400 ? refusedInput(error) : null;
    if (refused) throw new AppError(refused, ErrorCode.BAD_USER_INPUT);
    const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
    throw new AppError(
      `子图 ${this.subgraphName} ${timedOut ? '响应超时' : '不可用'} (subgraph "${this.subgraphName}" ${timedOut ? 'timed out' : 'unavailable'})`,
      ErrorCode.SUBGRAPH_UNAVAILABLE,
      { serviceName: this.subgraphName },
    );
  }
}

/** The message of a subgraph's refusal of a variable's value (its first error, when that is BAD_USER_INPUT). */
function refusedInput(error: Error): string | null {
  const body = (error as { extensions?: { response?: { body?: unknown } } }).extensions?.response?.body;
  const first = (body as { errors?: { message?: unknown; extensions?: { code?: unknown } }[] } | null | undefined)?.errors?.[0];
  return first?.extensions?.code === ErrorCode.BAD_USER_INPUT && typeof first.message === 'string' ? first.message : null;
}
