import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { createQueue, type Logger, type Viewer } from '@jwh/platform';
import { ALL_QUEUES } from '@jwh/contracts';
import type { Queue } from 'bullmq';
import express, { type Router } from 'express';
import type { JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { randomBytes } from 'node:crypto';
import { authenticate } from './auth.js';

export const OPS_BASE = '/ops/queues';
const COOKIE = 'jwh_ops';

/**
 * The bull-board UI over every queue, for the OPS role only. A browser signs in once at
 * `/ops/login` (a form POSTing the token, never in a URL; an http-only, same-site cookie scoped to
 * /ops for 8 hours, Secure in production); tools send `Authorization: Bearer <JWT>`. Anyone else
 * gets 401 or 403.
 */
export function opsBoard(opts: {
  redisUrl: string;
  prefix: string;
  getKey: JWTVerifyGetKey;
  jwt: { issuer: string; audience: string };
  logger: Logger;
  production: boolean;
  /** Spends one rate-limit point of `key`; throws RATE_LIMITED when none is left. */
  rateLimit: (key: string) => Promise<void>;
}): { router: Router; queues: Queue[] } {
  const queues = ALL_QUEUES.map((name) => createQueue(name, { redisUrl: opts.redisUrl, prefix: opts.prefix, logger: opts.logger }));
  const adapter = new ExpressAdapter();
  adapter.setBasePath(OPS_BASE);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter });

  // Session id → the OPS token it stands for; the token is verified again on every request.
  const sessions = new LRUCache<string, string>({ max: 1_000, ttl: 8 * 3600_000 });
  const tokenOf = (req: express.Request) => {
    if (req.headers.authorization) return req.headers.authorization;
    const cookie = (req.headers.cookie ?? '')
      .split(';')
      .map((c) => c.trim())
      .find((c) => c.startsWith(`${COOKIE}=`));
    const token = cookie ? sessions.get(cookie.slice(COOKIE.length + 1)) : undefined;
    return token ? `Bearer ${token}` : undefined;
  };
  /** A form POST must come from a page of this gateway: a foreign site cannot sign a browser in (login CSRF). */
  const sameOrigin = (req: express.Request) => {
    const from = req.headers.origin ?? req.headers.referer;
    if (typeof from !== 'string') return false;
    try {
      return new URL(from).host === req.headers.host;
    } catch {
      return false;
    }
  };
  const limited = async (req: express.Request, res: express.Response) => {
    try {
      await opts.rateLimit(`ip:${req.ip}`);
      return false;
    } catch (err) {
      res.setHeader('retry-after', String((err as { extensions?: { retryAfterSeconds?: number } }).extensions?.retryAfterSeconds ?? 60));
      res.status(429).json({ error: (err as Error).message });
      return true;
    }
  };
  const ops = async (authorization: string | undefined): Promise<Viewer | 'none' | 'forbidden'> => {
    const viewer = await authenticate(authorization, opts.getKey, opts.jwt).catch(() => null);
    if (!viewer) return 'none';
    return viewer.role === 'OPS' ? viewer : 'forbidden';
  };

  const router = express.Router();
  router.get('/ops/login', (_req, res) => {
    res
      .type('html')
      .send(
        '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>运维登录</title><form method="post" action="/ops/login"><label>OPS 令牌 (token) <input name="token" type="password" autocomplete="off"></label><button>登录</button></form></html>',
      );
  });
  router.post('/ops/login', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    if (await limited(req, res)) return;
    if (!sameOrigin(req)) return void res.status(403).json({ error: '登录表单须来自本站 (the login form must come from this site)' });
    const token = typeof req.body?.token === 'string' ? req.body.token : '';
    const who = await ops(`Bearer ${token}`);
    if (who === 'none') return void res.status(401).json({ error: '令牌无效 (invalid token)' });
    if (who === 'forbidden') return void res.status(403).json({ error: '仅限运维人员 (OPS only)' });
    const session = randomBytes(32).toString('base64url');
    sessions.set(session, token);
    res.setHeader(
      'set-cookie',
      `${COOKIE}=${session}; Path=/ops; Max-Age=28800; HttpOnly; SameSite=Strict${opts.production || req.secure ? '; Secure' : ''}`,
    );
    res.redirect(303, OPS_BASE);
  });
  router.use(OPS_BASE, async (req, res, next) => {
    if (await limited(req, res)) return;
    const who = await ops(tokenOf(req));
    if (who === 'none') return void res.status(401).json({ error: '请先在 /ops/login 登录 (sign in at /ops/login)' });
    if (who === 'forbidden') return void res.status(403).json({ error: '仅限运维人员 (OPS only)' });
    opts.logger.info({ sub: who.sub, path: req.path, method: req.method }, 'ops board');
    next();
  });
  router.use(OPS_BASE, adapter.getRouter() as Router);
  return { router, queues };
}
