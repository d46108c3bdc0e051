import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import {
  AppError,
  DEADLINE_HEADER,
  ErrorCode,
  ForbiddenError,
  IDENTITY_HEADER,
  REQUEST_ID_HEADER,
  UnauthenticatedError,
  scrubPii,
  signIdentity,
  type IdentitySigner,
} from '@jwh/platform';
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
    if (response?.status === 400) {
      const refusal = inputRefusal(error, this.subgraphName);
      if (refusal) throw refusal;
    }
    const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
    throw new AppError(
      `子图 ${this.subgraphName} ${timedOut ? '响应超时' : '不可用'} (subgraph "${this.subgraphName}" ${timedOut ? 'timed out' : 'unavailable'})`,
      ErrorCode.SUBGRAPH_UNAVAILABLE,
      { serviceName: this.subgraphName },
    );
  }
}

/**
 * A subgraph's refusal of the caller's variables (HTTP 400, BAD_USER_INPUT): a value of a custom
 * scalar the gateway passes on unchecked (a malformed `DateTime` or `LocalDate`) is the caller's
 * error, with its (scrubbed) message, not an unavailable subgraph.
 */
function inputRefusal(error: Error, serviceName: string): AppError | null {
  const body = (error as { extensions?: { response?: { body?: unknown } } }).extensions?.response?.body;
  const errors =
    typeof body === 'object' && body !== null && 'errors' in body && Array.isArray(body.errors) ? (body.errors as unknown[]) : [];
  const first = errors[0] as { message?: unknown; extensions?: { code?: unknown } } | undefined;
  if (first?.extensions?.code !== ErrorCode.BAD_USER_INPUT) return null;
  return new AppError(scrubPii(String(first.message ?? '')), ErrorCode.BAD_USER_INPUT, { serviceName });
}
