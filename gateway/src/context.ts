import type { BaseContext, Viewer } from '@jwh/shared';

/** The gateway's request context. */
export interface GatewayContext extends BaseContext {
  /** The caller's Authorization header, forwarded to subgraphs as is. */
  authorization?: string;
  /** The verified caller; null before login (only introspection is answered then). */
  viewer: Viewer | null;
  /** The viewer signed for subgraphs (x-jwh-identity); null when anonymous. */
  identity: string | null;
  /** Whose rate-limit points the request spends (the user, or the IP before login). */
  rateKey: string;
}
