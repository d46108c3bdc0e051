import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { ALL_QUEUES, createQueue, type Logger, type Viewer } from '@jwh/shared';
import type { Queue } from 'bullmq';
import express, { type Router } from 'express';
import type { JWTVerifyGetKey } from 'jose';
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
}): { router: Router; queues: Queue[] } {
  const queues = ALL_QUEUES.map((name) => createQueue(name, { redisUrl: opts.redisUrl, prefix: opts.prefix, logger: opts.logger }));
  const adapter = new ExpressAdapter();
  adapter.setBasePath(OPS_BASE);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter });

  const tokenOf = (req: express.Request) => {
    if (req.headers.authorization) return req.headers.authorization;
    const cookie = (req.headers.cookie ?? '')
      .split(';')
      .map((c) => c.trim())
      .find((c) => c.startsWith(`${COOKIE}=`));
    return cookie ? `Bearer ${decodeURIComponent(cookie.slice(COOKIE.length + 1))}` : undefined;
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
    const token = typeof req.body?.token === 'string' ? req.body.token : '';
    const who = await ops(`Bearer ${token}`);
    if (who === 'none') return void res.status(401).json({ error: '令牌无效 (invalid token)' });
    if (who === 'forbidden') return void res.status(403).json({ error: '仅限运维人员 (OPS only)' });
    res.setHeader(
      'set-cookie',
      `${COOKIE}=${encodeURIComponent(token)}; Path=/ops; Max-Age=28800; HttpOnly; SameSite=Strict${opts.production || req.secure ? '; Secure' : ''}`,
    );
    res.redirect(303, OPS_BASE);
  });
  router.use(OPS_BASE, async (req, res, next) => {
    const who = await ops(tokenOf(req));
    if (who === 'none') return void res.status(401).json({ error: '请先登录 (sign in: /ops/login?token=…)' });
    if (who === 'forbidden') return void res.status(403).json({ error: '仅限运维人员 (OPS only)' });
    opts.logger.info({ sub: who.sub, path: req.path, method: req.method }, 'ops board');
    next();
  });
  router.use(OPS_BASE, adapter.getRouter() as Router);
  return { router, queues };
}
