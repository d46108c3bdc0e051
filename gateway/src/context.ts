import type { BaseContext, Viewer } from '@jwh/platform';

/** The gateway's request context. */
export interface GatewayContext extends BaseContext {
  /** The verified caller; null before login (only introspection is answered then). */
  viewer: Viewer | null;
  /** Whose rate-limit points the request spends (the user, or the IP before login). */
  rateKey: string;
}
