import { IDENTITY_HEADER, REQUEST_ID_HEADER, requestIdFrom, signIdentity, type IdentitySigner, type Logger } from '@jwh/platform';
import express, { type Request, type Response, type Router } from 'express';
import type { JWTVerifyGetKey } from 'jose';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { authenticate } from './auth.js';

/** How long a file transfer may take end to end (a 100 MB register on a slow line). */
const TRANSFER_TIMEOUT_MS = 10 * 60_000;
const PASSED_RESPONSE_HEADERS = ['content-type', 'content-disposition', 'content-length'];

/**
 * File transfers that do not fit GraphQL: `POST /uploads/<subgraph>` (a register to import) and
 * `GET /exports/<subgraph>/<path>` (a register to download). Authenticated like /graphql, then
 * streamed to and from the subgraph with the signed identity; the subgraph applies its rules.
 */
export function fileProxy(opts: {
  urls: Record<string, string>;
  getKey: JWTVerifyGetKey;
  jwt: { issuer: string; audience: string };
  signer: IdentitySigner;
  logger: Logger;
  /** Spends one rate-limit point of `key`; throws RATE_LIMITED when none is left. */
  rateLimit: (key: string) => Promise<void>;
}): Router {
  const router = express.Router();
  const forward = (path: (req: Request) => string | null) => async (req: Request, res: Response) => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    // Own names only: `constructor` or `__proto__` would find the prototype's members.
    const base = Object.hasOwn(opts.urls, String(req.params.subgraph)) ? opts.urls[String(req.params.subgraph)] : undefined;
    if (!base) return void res.status(404).json({ errors: [{ message: 'no such subgraph', extensions: { code: 'NOT_FOUND' } }] });
    let viewer;
    try {
      viewer = await authenticate(req.headers.authorization, opts.getKey, opts.jwt);
    } catch {
      viewer = null;
    }
    if (!viewer)
      return void res
        .status(401)
        .json({ errors: [{ message: '请先登录 (a token is required)', extensions: { code: 'UNAUTHENTICATED' } }] });
    try {
      await opts.rateLimit(`sub:${viewer.sub}`);
    } catch (err) {
      const ext = (err as { extensions?: { retryAfterSeconds?: number } }).extensions;
      res.setHeader('retry-after', String(ext?.retryAfterSeconds ?? 60));
      return void res.status(429).json({ errors: [{ message: (err as Error).message, extensions: { code: 'RATE_LIMITED' } }] });
    }
    const query = new URLSearchParams(req.query as Record<string, string>).toString();
    const route = path(req);
    const origin = base.replace(/\/graphql$/, '');
    const target = route === null ? null : new URL(`${origin}${route}${query ? `?${query}` : ''}`);
    if (!target || !(target.pathname === '/uploads' || target.pathname.startsWith('/exports/'))) {
      return void res.status(404).json({ errors: [{ message: 'no such file route', extensions: { code: 'NOT_FOUND' } }] });
    }
    try {
      const upstream = await fetch(target.href, {
        method: req.method,
        headers: {
          [IDENTITY_HEADER]: await signIdentity(viewer, opts.signer, String(req.params.subgraph), requestId),
          [REQUEST_ID_HEADER]: requestId,
          ...(req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : {}),
        },
        body: req.method === 'POST' ? (Readable.toWeb(req) as unknown as BodyInit) : undefined,
        duplex: 'half',
        signal: AbortSignal.timeout(TRANSFER_TIMEOUT_MS),
      } as RequestInit);
      res.status(upstream.status);
      // Registers hold personal data: no browser or proxy may keep a copy.
      res.setHeader('cache-control', 'no-store');
      for (const h of PASSED_RESPONSE_HEADERS) {
        const v = upstream.headers.get(h);
        if (v) res.setHeader(h, v);
      }
      if (upstream.body) Readable.fromWeb(upstream.body as unknown as WebReadableStream).pipe(res);
      else res.end();
    } catch (err) {
      opts.logger.warn({ requestId, subgraph: req.params.subgraph, error: (err as Error).name }, 'file transfer failed');
      if (!res.headersSent)
        res.status(502).json({
          errors: [
            {
              message: `子图 ${String(req.params.subgraph)} 不可用 (subgraph unavailable)`,
              extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
            },
          ],
        });
      else res.destroy();
    }
  };
  router.post(
    '/uploads/:subgraph',
    forward(() => '/uploads'),
  );
  router.get(
    '/exports/:subgraph/*rest',
    forward((req) => {
      const segments = ([] as string[]).concat(req.params.rest as unknown as string[]);
      // Only plain names: `.`/`..` (even percent-encoded) would let the path climb out of /exports.
      if (segments.some((s) => !/^[\w\-.]+$/.test(s) || /^\.+$/.test(s))) return null;
      return `/exports/${segments.join('/')}`;
    }),
  );
  return router;
}
