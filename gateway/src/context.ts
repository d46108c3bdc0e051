import type { BaseContext, Viewer } from '@jwh/platform';

/** The gateway's request context. */
export interface GatewayContext extends BaseContext {
  /**
   * The verified caller; null without a token (only introspection and public queries are answered
   * then), and `ANONYMOUS_VIEWER` once an operation without a token is found to be public.
   */
  viewer: Viewer | null;
  /** Whose rate-limit points the request spends (the user, or the IP before login). */
  rateKey: string;
}
