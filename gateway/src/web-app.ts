import type { Logger } from '@jwh/platform';
import compression from 'compression';
import express, { type Router } from 'express';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DEMO_SIGN_INS, issueToken } from './dev-keys.js';

/** The built web app (web/dist), or null when it has not been built. */
function appDir(): string | null {
  try {
    const dir = join(dirname(createRequire(import.meta.url).resolve('@jwh/web/package.json')), 'dist');
    return existsSync(join(dir, 'index.html')) ? dir : null;
  } catch {
    return null;
  }
}

/**
 * Stricter than the gateway's own policy (GraphiQL needs inline scripts; the app has none): only
 * this origin's scripts, styles, images and requests. Street-office intranets reach no CDN, and
 * the app asks for none.
 */
const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * The reference web app at /app/ (web/): its bundled assets, and the page for every path under
 * /app (the app routes in the browser). Only with DEMO_SIGN_IN=true (set by `npm start` and the
 * tests; refused in production) and the development signing key beside JWKS_FILE does
 * `GET /app/demo-users` list demo users and `POST /app/demo-sign-in` sign a token for one of
 * them; otherwise the app takes a token from the real identity provider.
 */
export function webAppRouter(opts: { production: boolean; demoKeysDir: string | null; logger: Logger }): Router {
  const router = express.Router();
  const dir = appDir();
  const demo = !opts.production && opts.demoKeysDir && existsSync(join(opts.demoKeysDir, 'signing-key.json')) ? opts.demoKeysDir : null;
  router.use('/app', (_req, res, next) => {
    res.setHeader('Content-Security-Policy', APP_CSP);
    next();
  });
  // The bundle travels gzipped (the first screen is about 110 KB so, 350 KB not).
  router.use('/app', compression());
  router.get('/app/demo-users', (_req, res) => {
    res.json({
      users: demo ? DEMO_SIGN_INS.map(({ key, label, description, claims }) => ({ key, label, description, role: claims.role })) : [],
    });
  });
  router.post('/app/demo-sign-in', express.json({ limit: '1kb' }), async (req, res) => {
    const user = DEMO_SIGN_INS.find((u) => u.key === (req.body as { key?: unknown } | undefined)?.key);
    if (!demo) return void res.status(404).json({ error: '此环境不提供演示用户 (no demo users here)' });
    if (!user) return void res.status(400).json({ error: '没有这个演示用户 (unknown demo user)' });
    opts.logger.info({ demoUser: user.key }, 'demo sign-in');
    res.json({ token: await issueToken(demo, user.claims, '8h') });
  });
  if (!dir) {
    opts.logger.warn('web app not built (web/dist): /app answers 503');
    router.use('/app', (_req, res) => void res.status(503).type('text').send('网页应用尚未构建 (the web app is not built: npm run build)'));
    return router;
  }
  router.use('/app/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  // A file the build does not have: 404, not the page (a script that is HTML) nor an error.
  router.use('/app/assets', (_req, res) => void res.status(404).type('text').send('没有这个文件 (no such file)'));
  router.use('/app', express.static(dir, { index: false, maxAge: 0 }));
  // Every other path under /app is a page of the app: its index, never cached (it names the assets).
  router.get(['/app', '/app/*rest'], (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dir, 'index.html'));
  });
  return router;
}
