import type { BaseContext } from '@jwh/shared';

/** The gateway's request context. */
export interface GatewayContext extends BaseContext {
  /** The caller's Authorization header, forwarded to subgraphs as is. */
  authorization?: string;
}
