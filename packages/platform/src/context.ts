import { randomUUID } from 'node:crypto';
import type { Viewer } from './auth.js';
import type { ChangeRecordModel } from './change-log.js';
import type { Logger } from './logger.js';

/** Header carrying the request id from the gateway to every subgraph (and back in responses). */
export const REQUEST_ID_HEADER = 'x-request-id';

/** The request id a client or the gateway sent, when well-formed; otherwise a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[A-Za-z0-9._-]{8,64}$/.test(value) ? value : randomUUID();
}

/** What every resolver of every process gets. Subgraphs extend it with loaders and services. */
export interface BaseContext {
  requestId: string;
  logger: Logger;
}

/** A subgraph's request context: who is asking, verified from the gateway-signed identity. */
export interface SubgraphBaseContext extends BaseContext {
  viewer: Viewer;
  /**
   * Signs this service's own identity, narrowed to the caller's role and scope, for one call to the
   * subgraph `audience` in this request (the caller's own identity is good for this subgraph only).
   */
  identity: (audience: string) => Promise<string>;
  /** The street's change log (台账变更记录), shared by every subgraph: write with `recordChanges(ctx, …)`. */
  changeLog: ChangeRecordModel;
}
